"""Dropout zeroes elements and scales the rest by 1/(1-p) in train mode, and is the identity in eval mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
dropout = nn.Dropout(p=0.25)
x = torch.ones(2, 8)

out = dropout.train()(x)
print("train mode:\n", out)
kept = out[out != 0]
print(
    "zeroed:",
    int((out == 0).sum()),
    "of",
    out.numel(),
    "| kept values are 1/(1-p) =",
    round(1 / (1 - 0.25), 4),
)

out = dropout.eval()(x)
print("eval mode:\n", out)
print("eval output equals input:", torch.equal(out, x))
# --8<-- [end:show]

# --8<-- [start:check]
assert torch.allclose(kept, torch.full_like(kept, 1 / (1 - 0.25)))
assert (out == 0).any()

assert torch.equal(out, x)
# --8<-- [end:check]
