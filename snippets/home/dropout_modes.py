"""nn.Dropout zeroes elements and scales the rest by 1/(1-p) in train mode, and is the identity in eval mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
dropout = nn.Dropout(p=0.25)
x = torch.ones(2, 8)

train_out = dropout.train()(x)
print("train mode:")
for row in train_out.tolist():
    print("  ", [round(v, 4) for v in row])
print("zeroed:", int((train_out == 0).sum()), "of", train_out.numel())
print("the others equal 1/(1-p) =", round(1 / (1 - 0.25), 4))

eval_out = dropout.eval()(x)
print("eval mode:")
for row in eval_out.tolist():
    print("  ", row)
print("eval output equals input:", torch.equal(eval_out, x))
# --8<-- [end:show]

# --8<-- [start:check]
kept = train_out[train_out != 0]
assert torch.allclose(kept, torch.full_like(kept, 1 / (1 - 0.25)))
assert (train_out == 0).any() and torch.equal(eval_out, x)
# In both grad modes, for other p, and inside a model whose root is in eval.
z = torch.randn(1000)
for p in (0.1, 0.5, 0.9):
    for grad in (True, False):
        with torch.set_grad_enabled(grad):
            model = nn.Sequential(nn.Identity(), nn.Dropout(p)).eval()
            assert torch.equal(model(z), z)
            model[1].train()  # a training Dropout in an evaluating model
            out = model(z)
            dropped = out == 0
            assert dropped.any() and not dropped.all()
            kept = ~dropped
            assert torch.allclose(out[kept], z[kept] / (1 - p))
# p=1 (allowed) has no survivors to scale: the output is all zeros, and
# its expected value is 0, not the input's.
assert torch.equal(nn.Dropout(1.0).train()(z), torch.zeros_like(z))
# --8<-- [end:check]
