"""torch.ao.quantization.prepare_qat checks only the root's flag: it refuses a model whose root is in eval mode."""

# --8<-- [start:show]
import warnings

import torch.nn as nn
from torch.ao.quantization import get_default_qat_qconfig, prepare_qat

warnings.simplefilter("ignore")  # torch.ao.quantization's deprecation note


def attempt(model):
    model.qconfig = get_default_qat_qconfig("x86")
    try:
        prepare_qat(model)
        return "prepared"
    except AssertionError as error:
        return f"AssertionError: {error}"


results = {}
for setup in ("eval mode", "train mode", "train mode, Linear in eval"):
    model = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
    model.train(setup != "eval mode")
    if setup.endswith("Linear in eval"):
        model[0].eval()
    results[setup] = attempt(model)
    print(f"{setup}:\n  {results[setup]}")
# --8<-- [end:show]

# --8<-- [start:check]
assert results["eval mode"] == (
    "AssertionError: prepare_qat only works on models in training mode"
)
assert results["train mode"] == "prepared"
assert results["train mode, Linear in eval"] == "prepared"  # root flag only
# --8<-- [end:check]
