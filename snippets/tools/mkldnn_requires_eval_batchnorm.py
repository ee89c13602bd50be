"""torch.utils.mkldnn.to_mkldnn refuses a BatchNorm in train mode; the layer it makes always computes in eval mode."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    from torch.utils import (
        mkldnn,
    )  # its modules are TorchScript, which warns that it is deprecated
for message in sorted({f"{w.category.__name__}: {w.message}" for w in caught}):
    print("importing torch.utils.mkldnn:", message)

torch.manual_seed(0)
bn = nn.BatchNorm2d(4)
for _ in range(3):
    bn(
        torch.randn(8, 4, 5, 5) * 2 + 1
    )  # give it running statistics that are not 0 and 1
x = torch.randn(2, 4, 5, 5)

try:
    mkldnn.to_mkldnn(bn.train())
except AssertionError as error:
    print("to_mkldnn(train-mode BatchNorm2d) -> AssertionError:", error)
else:
    raise AssertionError("to_mkldnn accepted a BatchNorm in train mode")

converted = mkldnn.to_mkldnn(bn.eval())
expected = bn(x)  # eval mode: the running statistics
out = converted(x.to_mkldnn()).to_dense()
print(
    f"to_mkldnn(eval-mode BatchNorm2d) -> {type(converted).__name__}, its training flag: {converted.training}"
)
print(
    "  output matches the eval-mode BatchNorm2d:",
    torch.allclose(out, expected, atol=1e-6),
)

converted.train()
out_after_train = converted(x.to_mkldnn()).to_dense()
same_stats = torch.equal(converted.running_mean.to_dense(), bn.running_mean)
print(
    "  after .train(): same output",
    torch.equal(out_after_train, out),
    "| running_mean unchanged",
    same_stats,
)
# --8<-- [end:show]

# --8<-- [start:check]
assert caught and all(
    issubclass(w.category, DeprecationWarning) for w in caught
)

assert torch.allclose(out, expected, atol=1e-6)

assert converted.training and torch.equal(out_after_train, out) and same_stats
# --8<-- [end:check]
