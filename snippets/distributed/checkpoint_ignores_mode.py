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
# --8<-- [end:check]
