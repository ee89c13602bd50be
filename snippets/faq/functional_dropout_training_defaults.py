"""F.dropout and F.dropout1d-3d default to training=True; F.alpha_dropout and F.feature_alpha_dropout to False."""

# --8<-- [start:show]
import inspect

import torch
import torch.nn.functional as F

torch.manual_seed(0)
inputs = {  # one input of the shape each function expects
    F.dropout: torch.ones(4, 8),
    F.dropout1d: torch.ones(2, 8, 4),
    F.dropout2d: torch.ones(2, 8, 4, 4),
    F.dropout3d: torch.ones(2, 8, 2, 2, 2),
    F.alpha_dropout: torch.ones(4, 8),
    F.feature_alpha_dropout: torch.ones(2, 8, 4, 4),
}
defaults, changed = {}, {}
for f, x in inputs.items():
    name = f.__name__
    defaults[name] = inspect.signature(f).parameters["training"].default
    changed[name] = not torch.equal(f(x, p=0.5), x)  # no training= given
    print(f"F.{name}: default training={defaults[name]};", end=" ")
    print(f"without it, drops: {changed[name]}")
# --8<-- [end:show]

# So inside a forward, pass training=self.training to every one of them:
# the first four drop in eval mode without it, the last two never drop.
# --8<-- [start:check]
assert defaults == {
    "dropout": True, "dropout1d": True, "dropout2d": True, "dropout3d": True,
    "alpha_dropout": False, "feature_alpha_dropout": False,
}  # fmt: skip
assert changed == defaults
# --8<-- [end:check]
