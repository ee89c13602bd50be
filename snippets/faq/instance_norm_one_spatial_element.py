"""InstanceNorm without running stats needs more than one spatial element, in eval mode as in train mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(2, 3, 1, 1)  # e.g. after global pooling: one value a map
results = {}
for stats in (False, True):  # False is InstanceNorm2d's default
    for mode in ("train", "eval"):
        layer = nn.InstanceNorm2d(3, track_running_stats=stats)
        try:
            layer.train(mode == "train")(x)
            results[stats, mode] = "ran"
        except ValueError as error:
            results[stats, mode] = f"ValueError: {str(error).split(',')[0]}"
        print(f"track_running_stats={stats}, {mode}:")
        print(f"  {results[stats, mode]}")
lazy = nn.LazyInstanceNorm2d()  # the lazy version defaults to True
print("LazyInstanceNorm2d() track_running_stats:", lazy.track_running_stats)
# --8<-- [end:show]

# --8<-- [start:check]
raises = "ValueError: Expected more than 1 spatial element when training"
assert results[False, "train"] == results[False, "eval"] == raises
assert results[True, "train"] == raises and results[True, "eval"] == "ran"
# The defaults, per class: InstanceNorm1d-3d neither track running statistics
# nor have affine parameters; their lazy versions have both, so that built
# with its defaults a lazy one takes a 1x1 map in eval mode (not in train).
for d in (1, 2, 3):
    plain = getattr(nn, f"InstanceNorm{d}d")(3)
    assert not plain.track_running_stats and not plain.affine, d
    lazy = getattr(nn, f"LazyInstanceNorm{d}d")()
    assert lazy.track_running_stats and lazy.affine, d
    one = torch.randn((1, 3) + (1,) * d)  # one value a map
    assert lazy.eval()(one).shape == one.shape, d
    try:
        lazy.train()(one)
        raise AssertionError(f"LazyInstanceNorm{d}d ran in train mode")
    except ValueError as error:
        assert str(error).startswith(raises.removeprefix("ValueError: "))
# --8<-- [end:check]
