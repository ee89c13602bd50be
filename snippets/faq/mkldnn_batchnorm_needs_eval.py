"""torch.utils.mkldnn.to_mkldnn converts BatchNorm only in eval mode, and only with running statistics."""

# --8<-- [start:show]
import torch.nn as nn
from torch.utils.mkldnn import to_mkldnn

results = {}
for name, bn in (
    ("train mode", nn.BatchNorm2d(3)),
    ("eval mode", nn.BatchNorm2d(3).eval()),
    (
        "eval, no running stats",
        nn.BatchNorm2d(3, track_running_stats=False).eval(),
    ),
):
    model = nn.Sequential(nn.Conv2d(3, 3, 1), bn).eval()
    model[1].train(name == "train mode")
    try:
        results[name] = f"converted: {type(to_mkldnn(model)[1]).__name__}"
    except AssertionError as error:
        results[name] = f"AssertionError: {error}"
    print(f"BatchNorm2d in {name}:\n  {results[name]}")
# --8<-- [end:show]

# --8<-- [start:check]
assert results["train mode"] == (
    "AssertionError: Only support eval mode batchnorm for mkldnn path now"
)
assert results["eval mode"].startswith("converted")
assert "track_running_stats=True" in results["eval, no running stats"]
# --8<-- [end:check]
