"""One value per channel: BatchNorm raises in train mode (in eval too without running stats), GroupNorm in both."""

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
    "GroupNorm(4, 4), (1, 4, 1, 1), eval": (nn.GroupNorm(4, 4).eval(),
                                            (1, 4, 1, 1)),
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

# GroupNorm's guard, in either mode: it raises exactly when batch x channels
# per group x spatial positions is 1.
for mode in (True, False):
    for groups, shape in [
        (4, (1, 4, 1, 1)),  # 1 x 1 x 1: raises
        (4, (1, 4)),  # 1 x 1, no spatial dimension: raises
        (2, (1, 4, 1, 1)),  # two channels per group
        (4, (2, 4, 1, 1)),  # a batch of two
        (4, (1, 4, 2, 1)),  # two spatial positions
    ]:
        values = (
            shape[0] * (shape[1] // groups) * torch.Size(shape[2:]).numel()
        )
        try:
            nn.GroupNorm(groups, 4).train(mode)(torch.randn(shape))
            result = "ran"
        except ValueError as error:
            result = f"ValueError: {str(error).split(',')[0]}"
        assert result == (raises if values == 1 else "ran"), (mode, shape)
# --8<-- [end:check]
