"""A last batch of one sample makes BatchNorm1d fail in train mode; drop_last=True avoids it, eval mode accepts it."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.utils.data import DataLoader

torch.manual_seed(0)
bn = nn.BatchNorm1d(3)
one = torch.randn(1, 3)

try:
    bn.train()(one)
except ValueError as error:
    print("train mode, shape (1, 3): ValueError:", error)
else:
    raise AssertionError("a batch of one was accepted in train mode")

print("eval mode, shape (1, 3): output shape", tuple(bn.eval()(one).shape))

image = torch.randn(1, 3, 2, 2)  # one sample, but 4 values per channel
print(
    "train mode, BatchNorm2d on shape (1, 3, 2, 2): output shape",
    tuple(nn.BatchNorm2d(3).train()(image).shape),
)

# The usual source: 33 samples in batches of 16 leave a last batch of one.
print(
    "batch sizes:               ",
    [len(b) for b in DataLoader(range(33), batch_size=16)],
)
print(
    "batch sizes, drop_last=True:",
    [len(b) for b in DataLoader(range(33), batch_size=16, drop_last=True)],
)
# --8<-- [end:show]

# --8<-- [start:check]
assert [
    len(b) for b in DataLoader(range(33), batch_size=16, drop_last=True)
] == [16, 16]
# --8<-- [end:check]
