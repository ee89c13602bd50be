"""torch.utils.checkpoint runs the forward again in backward in train and eval mode alike."""

# --8<-- [start:show]
import torch
from torch.utils.checkpoint import checkpoint

torch.manual_seed(0)
calls = []


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.linear = torch.nn.Linear(2, 2)

    def forward(self, x):
        calls.append(self.training)
        return self.linear(x)


block = Block()
x = torch.ones(1, 2, requires_grad=True)
seen = {}
for reentrant in (True, False):
    for mode in (True, False):
        calls.clear()
        out = checkpoint(block.train(mode), x, use_reentrant=reentrant)
        out.sum().backward()
        seen[reentrant, mode] = list(calls)  # the flag at each run
        mode_name = ("eval", "train")[mode]
        print(
            f"use_reentrant={reentrant!s:5}, {mode_name:5}: {len(calls)} calls"
        )
# --8<-- [end:show]

# --8<-- [start:check]
# two runs (forward, then recomputation in backward), both in the mode
assert seen == {(r, m): [m, m] for r, m in seen} and len(seen) == 4, seen
# the recomputation reads the flag at backward time: a mode change between
# forward and backward reaches it (use_reentrant=True: silently other
# gradients; use_reentrant=False: CheckpointError)
for reentrant in (True, False):
    calls.clear()
    out = checkpoint(block.train(), x, use_reentrant=reentrant)
    block.eval()
    out.sum().backward()
    assert calls == [True, False], calls
net = torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.Dropout(0.5))
grads = {}
for how in ("plain", True, False):
    net.zero_grad()
    torch.manual_seed(1)
    x8 = torch.ones(4, 8, requires_grad=True)
    out = (
        net.train()(x8)
        if how == "plain"
        else checkpoint(net.train(), x8, use_reentrant=how)
    )
    net.eval()  # e.g. a validation call before the backward
    try:
        out.sum().backward()
        grads[how] = net[0].weight.grad.clone()
    except torch.utils.checkpoint.CheckpointError as error:
        grads[how] = str(error)
assert not torch.equal(grads["plain"], grads[True])  # silently different
assert "A different number of tensors was saved" in grads[False]
# In train mode the recomputation repeats the forward's state updates: a
# checkpointed BatchNorm counts each step twice and moves its running stats
# as two plain forwards would. In eval mode neither run updates anything.
x3 = torch.randn(8, 3) + 5
twice = torch.nn.BatchNorm1d(3)
twice(x3), twice(x3)  # two plain train-mode forwards
for reentrant in (True, False):
    for mode in (True, False):
        bn = torch.nn.BatchNorm1d(3).train(mode)
        xi = x3.clone().requires_grad_()
        checkpoint(bn, xi, use_reentrant=reentrant).sum().backward()
        expected = twice if mode else torch.nn.BatchNorm1d(3)
        assert bn.num_batches_tracked == expected.num_batches_tracked
        assert bn.num_batches_tracked == (2 if mode else 0)
        assert torch.allclose(bn.running_mean, expected.running_mean)
        assert torch.allclose(bn.running_var, expected.running_var)
# --8<-- [end:check]
