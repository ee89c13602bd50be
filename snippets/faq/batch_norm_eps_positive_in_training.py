"""BatchNorm with eps=0 raises when it uses the batch's statistics: in train mode, or without running stats."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(4, 3)
results = {}
for mode in ("train", "eval"):
    for stats in (True, False):
        bn = nn.BatchNorm1d(3, eps=0.0, track_running_stats=stats)
        bn.train(mode == "train")
        try:
            bn(x)
            results[mode, stats] = "ran"
        except ValueError as error:
            results[mode, stats] = f"ValueError: {error}"
        print(f"{mode} mode, track_running_stats={stats}:")
        print(f"  {results[mode, stats]}")
# --8<-- [end:show]

# Only eval mode with running statistics runs; a negative eps is refused
# there too.
# --8<-- [start:check]
refused = (
    "ValueError: batch_norm eps must be positive during training, but got 0.0"
)
for (mode, stats), result in results.items():
    ran = mode == "eval" and stats
    assert result == ("ran" if ran else refused), (mode, stats)
try:
    nn.BatchNorm1d(3, eps=-1.0).eval()(x)
except ValueError as error:
    assert "batch_norm eps must be non-negative" in str(error)
else:
    raise AssertionError("a negative eps accepted in eval mode")
# --8<-- [end:check]
