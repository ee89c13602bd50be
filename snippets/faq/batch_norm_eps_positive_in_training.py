"""A BatchNorm with eps=0 raises in train mode only: eval mode accepts it."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(4, 3)
results = {}
for mode in ("train", "eval"):
    bn = nn.BatchNorm1d(3, eps=0.0).train(mode == "train")
    try:
        bn(x)
        results[mode] = "ran"
    except ValueError as error:
        results[mode] = f"ValueError: {error}"
    print(f"BatchNorm1d(eps=0) in {mode} mode:\n  {results[mode]}")
# --8<-- [end:show]

# --8<-- [start:check]
assert results["train"] == (
    "ValueError: batch_norm eps must be positive during training, but got 0.0"
)
assert results["eval"] == "ran"
no_stats = nn.BatchNorm1d(3, eps=0.0, track_running_stats=False).eval()
try:
    no_stats(x)
except ValueError as error:
    assert "eps must be positive during training" in str(error)
else:
    raise AssertionError("eps=0 accepted without running statistics")
try:
    nn.BatchNorm1d(3, eps=-1.0).eval()(x)
except ValueError as error:
    assert "batch_norm eps must be non-negative" in str(error)
else:
    raise AssertionError("a negative eps accepted in eval mode")
# --8<-- [end:check]
