"""fuse_conv_bn_eval and fuse_linear_bn_eval refuse train-mode layers, and the eval-mode fusion matches the pair."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.nn.utils import fuse_conv_bn_eval, fuse_linear_bn_eval

torch.manual_seed(0)
pairs = [
    (
        fuse_conv_bn_eval,
        nn.Conv2d(3, 4, 3),
        nn.BatchNorm2d(4),
        torch.randn(2, 3, 6, 6),
    ),
    (
        fuse_linear_bn_eval,
        nn.Linear(3, 4),
        nn.BatchNorm1d(4),
        torch.randn(8, 3),
    ),
]
for fuse, layer, bn, x in pairs:
    with torch.no_grad():
        bn.train()(
            layer(x * 2 + 1)
        )  # give the running statistics some non-trivial values
    try:
        fuse(layer.train(), bn.train())
        refused = None
    except AssertionError as error:
        refused = str(error)
    fused = fuse(layer.eval(), bn.eval())
    with torch.no_grad():
        matches = torch.allclose(fused(x), bn(layer(x)), atol=1e-5)
    print(
        f"{fuse.__name__}: train mode -> AssertionError({refused!r}); eval mode -> {type(fused).__name__}"
        f" matching the pair: {matches}"
    )
    assert refused is not None and matches
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
