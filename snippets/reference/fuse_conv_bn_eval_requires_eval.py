"""fuse_conv_bn_eval and fuse_linear_bn_eval fold only eval-mode pairs with running stats, matching the pair."""

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
    bn.train()(layer(x * 2 + 1))  # non-trivial running statistics
    try:
        fuse(layer.train(), bn.train())
        refused = None
    except AssertionError as error:
        refused = str(error)
    fused = fuse(layer.eval(), bn.eval())
    matches = torch.allclose(fused(x), bn(layer(x)), atol=1e-5)
    results[fuse] = (refused, matches)
    print(f"{fuse.__name__}: train mode -> AssertionError({refused!r})")
    print(f"  eval mode -> a {type(fused).__name__}, same output: {matches}")
no_stats = nn.BatchNorm1d(4, track_running_stats=False).eval()
try:  # no running statistics: eval mode normalises with the batch's
    fuse_linear_bn_eval(nn.Linear(3, 4).eval(), no_stats)
except AssertionError as error:
    no_stats_refused = str(error)
    print("eval-mode BatchNorm built with track_running_stats=False ->")
    print(f"  AssertionError({no_stats_refused!r})")
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
# no running statistics (track_running_stats=False at construction): eval
# mode depends on the batch, and both functions refuse, with another message
# from torch 2.12 on (2.8 and older refuse with a bare assert: no message)
message = "bn.running_mean and bn.running_var must not be None"
if torch.__version__ < (2, 12):
    message = ""
assert no_stats_refused == message
bn_2d = nn.BatchNorm2d(4, track_running_stats=False).eval()
x = torch.randn(2, 4, 3, 3)
assert not torch.allclose(bn_2d(x)[:1], bn_2d(x[:1]))  # batch-dependent
try:
    fuse_conv_bn_eval(nn.Conv2d(3, 4, 3).eval(), bn_2d)
    raise RuntimeError("fused a BatchNorm without running statistics")
except AssertionError as error:
    assert str(error) == message

# --8<-- [end:check]
