"""torch.jit.freeze refuses a scripted module whose root is in train mode: call eval() first."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # torch.jit's deprecation note
scripted = torch.jit.script(nn.Sequential(nn.Linear(2, 2), nn.Dropout()))
results = {}
for mode in ("train", "eval"):
    scripted.train(mode == "train")
    try:
        results[mode] = f"frozen: {type(torch.jit.freeze(scripted)).__name__}"
    except RuntimeError as error:
        results[mode] = f"RuntimeError: {str(error).split('. ')[0]}"
    print(f"{mode} mode:\n  {results[mode]}")
# --8<-- [end:show]

# --8<-- [start:check]
assert results["train"] == (
    "RuntimeError: Freezing is currently only implemented for modules in"
    " eval mode"
)
assert results["eval"] == "frozen: RecursiveScriptModule"
scripted.eval()
scripted[1].train()  # root in eval mode, its Dropout in train mode
assert isinstance(torch.jit.freeze(scripted), torch.jit.RecursiveScriptModule)
# --8<-- [end:check]
