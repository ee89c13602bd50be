"""torch.jit.freeze refuses a module in train mode; in eval mode it folds Dropout and BatchNorm away."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Dropout(0.5))
x = torch.randn(1, 3, 8, 8)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    scripted = torch.jit.script(model)
    try:
        torch.jit.freeze(scripted.train())
        refused = None
    except RuntimeError as error:
        refused = str(error).splitlines()[0]
    frozen = torch.jit.freeze(scripted.eval())
for message in sorted({f"{w.category.__name__}: {w.message}" for w in caught}):
    print("warning:", message)

print("train mode:", refused)
code = frozen.code
print(
    "eval mode, frozen code calls batch_norm:",
    "batch_norm" in code,
    "| dropout:",
    "dropout" in code,
)
with torch.no_grad():
    print(
        "frozen output matches the eval-mode model:",
        torch.allclose(frozen(x), model.eval()(x), atol=1e-5),
    )
# --8<-- [end:show]

# --8<-- [start:check]
assert caught and all(
    issubclass(w.category, DeprecationWarning)
    and "deprecated" in str(w.message)
    for w in caught
)

assert refused is not None and "eval mode" in refused
assert "batch_norm" not in code and "dropout" not in code
assert torch.allclose(frozen(x), model.eval()(x), atol=1e-5)
# --8<-- [end:check]
