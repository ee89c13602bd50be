"""torch.func.stack_module_state refuses to stack models that are not all in the same mode."""

# --8<-- [start:show]
import torch.nn as nn
from torch.func import stack_module_state

models = [nn.Linear(2, 2), nn.Linear(2, 2).eval()]
try:
    stack_module_state(models)
    refused = None
except RuntimeError as error:
    refused = str(error)
print("one model in train mode, one in eval mode ->", refused)
params, buffers = stack_module_state([model.train() for model in models])
print(
    "both in train mode -> stacked weight shape", tuple(params["weight"].shape)
)
# --8<-- [end:show]

# --8<-- [start:check]
assert refused is not None and "same training/eval mode" in refused
# --8<-- [end:check]
