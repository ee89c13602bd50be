"""BatchNorm raises with one value per channel in train mode, and in eval mode too if it tracks no running stats."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
no_stats = nn.BatchNorm1d(3, track_running_stats=False)
cases = {
    "BatchNorm1d, batch of one (1, 3), train": (nn.BatchNorm1d(3), (1, 3)),
    "BatchNorm1d, batch of one (1, 3), eval": (nn.BatchNorm1d(3).eval(),
                                               (1, 3)),
    "BatchNorm2d, 1x1 map (1, 3, 1, 1), train": (nn.BatchNorm2d(3),
                                                 (1, 3, 1, 1)),
    "BatchNorm1d, (1, 3, 5), train": (nn.BatchNorm1d(3), (1, 3, 5)),
    "track_running_stats=False, (1, 3), eval": (no_stats.eval(), (1, 3)),
}  # fmt: skip
results = {}
for name, (layer, shape) in cases.items():
    try:
        layer(torch.randn(shape))
        results[name] = "ran"
    except ValueError as error:
        results[name] = f"ValueError: {str(error).split(',')[0]}"
    print(f"{name}:\n  {results[name]}")
# --8<-- [end:show]

# --8<-- [start:check]
raises = "ValueError: Expected more than 1 value per channel when training"
ran = {
    "BatchNorm1d, batch of one (1, 3), eval",
    "BatchNorm1d, (1, 3, 5), train",  # five values per channel
}
for name, result in results.items():
    assert result == ("ran" if name in ran else raises), name
# --8<-- [end:check]
