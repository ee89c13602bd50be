"""Embedding and EmbeddingBag with max_norm rescale their weight rows in place in forward, in either mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
emb = nn.Embedding(4, 3, max_norm=1.0)  # rows longer than 1 get shrunk


def row_norms():
    return [round(v, 3) for v in emb.weight.detach().norm(dim=1).tolist()]


print("row norms at start:       ", row_norms())
emb.eval()
print("after emb.eval():         ", row_norms())
with torch.no_grad():  # no optimizer, no backward, not even autograd
    emb(torch.tensor([0]))
print("after eval forward of [0]:", row_norms())
emb.train()(torch.tensor([1, 2]))
print("after train forward [1,2]:", row_norms())
# --8<-- [end:show]

# --8<-- [start:check]
torch.manual_seed(0)  # the same weight as above, before any forward
start = nn.Embedding(4, 3, max_norm=1.0).weight.detach().norm(dim=1)
final = emb.weight.detach().norm(dim=1)
assert (start[:3] > 1).all()  # the rows looked up were longer than 1
assert torch.allclose(final[:3], torch.ones(3), atol=1e-4)
assert torch.equal(final[3], start[3])  # the row never looked up is as was
# For both classes, in both modes and both grad modes: forward changes the
# weight; train() and eval() alone do not.
for cls in (nn.Embedding, nn.EmbeddingBag):
    for training in (True, False):
        for grad in (True, False):
            torch.manual_seed(1)
            layer = cls(6, 4, max_norm=0.5)
            w = layer.weight.detach().clone()
            layer.train(training)
            layer.train(not training).train(training)
            assert torch.equal(w, layer.weight)
            index = torch.tensor([[0, 2]])
            with torch.set_grad_enabled(grad):
                layer(index)
            changed = (w != layer.weight.detach()).any(1).tolist()
            assert changed == [True, False, True, False, False, False], (
                cls,
                training,
                grad,
            )
# Without max_norm, forward leaves the weight alone.
plain = nn.Embedding(4, 3)
w = plain.weight.detach().clone()
plain(torch.tensor([0, 1, 2, 3]))
assert torch.equal(w, plain.weight)
# --8<-- [end:check]
