"""InstanceNorm without running stats needs more than one spatial element, in eval mode as in train mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(2, 3, 1, 1)  # e.g. after global pooling: one value a map
results = {}
for stats in (False, True):  # False is InstanceNorm's default
    for mode in ("train", "eval"):
        layer = nn.InstanceNorm2d(3, track_running_stats=stats)
        try:
            layer.train(mode == "train")(x)
            results[stats, mode] = "ran"
        except ValueError as error:
            results[stats, mode] = f"ValueError: {str(error).split(',')[0]}"
        print(f"track_running_stats={stats}, {mode}:")
        print(f"  {results[stats, mode]}")
# --8<-- [end:show]

# --8<-- [start:check]
raises = "ValueError: Expected more than 1 spatial element when training"
assert results[False, "train"] == results[False, "eval"] == raises
assert results[True, "train"] == raises and results[True, "eval"] == "ran"
# --8<-- [end:check]
