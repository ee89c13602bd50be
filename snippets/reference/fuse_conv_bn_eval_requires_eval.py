"""fuse_conv_bn_eval and fuse_linear_bn_eval refuse train-mode layers, and the eval-mode fusion matches the pair."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.nn.utils import fuse_conv_bn_eval, fuse_linear_bn_eval

torch.manual_seed(0)
pairs = [
    (fuse_conv_bn_eval, nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), (2, 3, 6, 6)),
    (fuse_linear_bn_eval, nn.Linear(3, 4), nn.BatchNorm1d(4), (8, 3)),
]
results = {}
for fuse, layer, bn, shape in pairs:
    x = torch.randn(shape)
    with torch.no_grad():
        bn.train()(layer(x * 2 + 1))  # non-trivial running statistics
    try:
        fuse(layer.train(), bn.train())
        refused = None
    except AssertionError as error:
        refused = str(error)
    fused = fuse(layer.eval(), bn.eval())
    with torch.no_grad():
        matches = torch.allclose(fused(x), bn(layer(x)), atol=1e-5)
    results[fuse] = (refused, matches)
    name = type(fused).__name__
    print(f"{fuse.__name__}: train mode -> AssertionError({refused!r})")
    print(f"  eval mode -> a {name} matching the pair: {matches}")
# --8<-- [end:show]

# --8<-- [start:check]
assert all(refused and matches for refused, matches in results.values())
# mixed modes: either module in train mode is refused
for fuse, layer, bn, _ in pairs:
    for modes in ((True, False), (False, True)):
        layer.train(modes[0])
        bn.train(modes[1])
        try:
            fuse(layer, bn)
            raise RuntimeError("fused a train-mode module")
        except AssertionError:
            pass

# --8<-- [end:check]
