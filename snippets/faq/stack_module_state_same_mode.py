"""torch.func.stack_module_state refuses models whose root flags differ, and checks no submodule's flag."""

# --8<-- [start:show]
import torch.nn as nn
from torch.func import stack_module_state


def model():
    return nn.Sequential(nn.Linear(2, 2), nn.Dropout())


setups = {
    "one model in eval mode": [model(), model().eval()],
    "all in train mode, one Dropout in eval": [model(), model()],
}
setups["all in train mode, one Dropout in eval"][1][1].eval()
results = {}
for name, models in setups.items():
    try:
        params, buffers = stack_module_state(models)
        results[name] = f"stacked: {list(params)}"
    except RuntimeError as error:
        results[name] = f"RuntimeError: {error}"
    print(f"{name}:\n  " + results[name].replace("state: ", "state:\n  "))
# --8<-- [end:show]

# --8<-- [start:check]
assert results["one model in eval mode"] == (
    "RuntimeError: stack_module_state: Expected all models to have the same"
    " training/eval mode."
)
assert results["all in train mode, one Dropout in eval"].startswith("stacked")
# --8<-- [end:check]
