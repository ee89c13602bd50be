"""to_mkldnn converts only BatchNorm2d/3d, and only in eval mode, with running stats and affine=True."""

# --8<-- [start:show]
import warnings

import torch.nn as nn

# Not what this shows: torch.jit's deprecation warning (at the import here).
warnings.filterwarnings("ignore", message=r"`torch\.jit\.\w+` is deprecated")
from torch.utils.mkldnn import to_mkldnn  # noqa: E402

cases = {
    "BatchNorm2d, train mode": nn.BatchNorm2d(3),
    "BatchNorm2d, eval mode": nn.BatchNorm2d(3).eval(),
    "BatchNorm2d, eval, no running stats": nn.BatchNorm2d(
        3, track_running_stats=False
    ).eval(),
    "BatchNorm2d, eval, affine=False": nn.BatchNorm2d(3, affine=False).eval(),
    "BatchNorm3d, eval mode": nn.BatchNorm3d(3).eval(),
    "BatchNorm1d, train mode": nn.BatchNorm1d(3),
}
results = {}
for name, bn in cases.items():
    try:
        kept = to_mkldnn(nn.Sequential(bn))[0]
        results[name] = f"returned: {type(kept).__name__}"
    except AssertionError as error:
        results[name] = f"AssertionError: {str(error) or '(no message)'}"
    print(f"{name}:\n  {results[name]}")
# --8<-- [end:show]

# torch.utils.mkldnn defines its converted classes with torch.jit.script_method,
# which warns, when the module is imported, on torch 2.12 and later (not on 2.4
# or 2.8): a DeprecationWarning on 2.12 and 2.13 (hidden by default), a
# FutureWarning from 2.14 (shown), hence the filter by message, whatever the
# category. The refusals are bare asserts on 2.4 and 2.8 (no message) and name
# the requirement on later releases: the check accepts either, and the record
# shows which release prints which.
# Every BatchNorm class in each mode and each setting: a BatchNorm2d or 3d
# converts exactly when it is in eval mode with running statistics and
# affine=True, and raises otherwise; a BatchNorm1d is returned as it is,
# unconverted, in any mode and setting.
# --8<-- [start:check]
import itertools  # noqa: E402

import torch  # noqa: E402

message = "AssertionError: Only support {} for mkldnn path now"
bare = "AssertionError: (no message)"
for name, needs in [
    ("BatchNorm2d, train mode", "eval mode batchnorm"),
    ("BatchNorm2d, eval, no running stats", "track_running_stats=True"),
    ("BatchNorm2d, eval, affine=False", "affine=True"),
]:
    assert results[name] in (message.format(needs), bare), results[name]
assert results["BatchNorm2d, eval mode"] == "returned: MkldnnBatchNorm"
assert results["BatchNorm3d, eval mode"] == "returned: MkldnnBatchNorm"
assert results["BatchNorm1d, train mode"] == "returned: BatchNorm1d"
for cls, training, stats, affine in itertools.product(
    (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d),
    (True, False),
    (True, False),
    (True, False),
):
    bn = cls(3, track_running_stats=stats, affine=affine).train(training)
    try:
        kept = type(to_mkldnn(nn.Sequential(bn))[0]).__name__
    except AssertionError:
        kept = "raised"
    if cls is nn.BatchNorm1d:
        assert kept == "BatchNorm1d"
    else:
        ok = not training and stats and affine
        assert kept == ("MkldnnBatchNorm" if ok else "raised")
converted = to_mkldnn(
    nn.Sequential(nn.Conv2d(3, 3, 1), nn.BatchNorm2d(3)).eval()
)
x = torch.randn(2, 3, 4, 4)
assert converted(x.to_mkldnn()).to_dense().shape == x.shape
# --8<-- [end:check]
