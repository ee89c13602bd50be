"""Fusing BatchNorm into the layer before it needs both in eval mode: fuse_conv_bn_eval and fuse_modules check."""

# --8<-- [start:show]
import torch.nn as nn
from torch.ao.quantization import fuse_modules
from torch.nn.utils import fuse_conv_bn_eval, fuse_linear_bn_eval


def pair(bn_training=True):  # a Conv2d in train mode, then a BatchNorm2d
    model = nn.Sequential(nn.Conv2d(3, 3, 1), nn.BatchNorm2d(3))
    model[1].train(bn_training)
    return model


attempts = {
    "fuse_conv_bn_eval, train mode": lambda: fuse_conv_bn_eval(*pair()),
    "fuse_linear_bn_eval, train mode": lambda: fuse_linear_bn_eval(
        nn.Linear(3, 3), nn.BatchNorm1d(3)),
    "fuse_modules, train mode": lambda: fuse_modules(pair(), [["0", "1"]]),
    "fuse_modules, mixed modes": lambda: fuse_modules(pair(False),
                                                      [["0", "1"]]),
    "fuse_modules, eval mode": lambda: fuse_modules(pair().eval(),
                                                    [["0", "1"]]),
}  # fmt: skip
results = {}
for name, attempt in attempts.items():
    try:
        results[name] = f"fused: {type(attempt()).__name__}"
    except AssertionError as error:
        results[name] = f"AssertionError: {error}"
    print(f"{name}:\n  {results[name]}")
# --8<-- [end:show]

# --8<-- [start:check]
only_eval = "AssertionError: Fusion only for eval!"
assert results["fuse_conv_bn_eval, train mode"] == only_eval
assert results["fuse_linear_bn_eval, train mode"] == only_eval
assert results["fuse_modules, train mode"] == only_eval
assert results["fuse_modules, mixed modes"] == (
    "AssertionError: Conv and BN both must be in the same mode (train or eval)."
)
assert results["fuse_modules, eval mode"] == "fused: Sequential"
from torch.ao.nn.intrinsic import ConvBn2d  # noqa: E402
from torch.ao.quantization import fuse_modules_qat  # noqa: E402

fused = fuse_modules_qat(pair(), [["0", "1"]])  # train mode, for QAT
assert isinstance(fused[0], ConvBn2d)
# --8<-- [end:check]
