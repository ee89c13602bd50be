"""Putting one Dropout in eval mode changes the masks every later Dropout draws under the same seed."""

# --8<-- [start:show]
import torch
from torch import nn

model = nn.Sequential(nn.Dropout(), nn.Linear(8, 8), nn.Dropout())
x = torch.ones(1, 8)
masks = {}
for first in ("train", "eval"):
    torch.manual_seed(0)
    model.train()
    getattr(model[0], first)()  # only the first Dropout changes mode
    for grad in (True, False):
        with torch.set_grad_enabled(grad):
            masks[first, grad] = (model(x) != 0).int().tolist()[0]
    print(f"first Dropout in {first:5} mode: later mask {masks[first, True]}")
# --8<-- [end:show]

# --8<-- [start:check]
assert masks["train", True] != masks["eval", True]
assert masks["train", False] != masks["eval", False]
# --8<-- [end:check]
