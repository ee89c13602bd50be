"""Three look-alikes of model.eval() leave the mode alone: a missing call, a string mode, assigning to train."""

# --8<-- [start:show]
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 2), nn.Dropout())
flags = {}

model.eval  # noqa: B018  (no parentheses: looks the method up, drops it)
flags["model.eval"] = [m.training for m in model.modules()]
print("after `model.eval`:          training =", model.training)

try:
    model.train("eval")
except ValueError as error:
    print("after `model.train('eval')`: ValueError:", error)
    flags["train('eval')"] = [m.training for m in model.modules()]

model.train = False  # shadows the method with an attribute on this instance
flags["train = False"] = [m.training for m in model.modules()]
print("after `model.train = False`: training =", model.training)
print("  model.train is now", model.train)
try:
    model.train()
except TypeError as error:
    print("and later `model.train()`:   TypeError:", error)
    flags["train()"] = [m.training for m in model.modules()]
# --8<-- [end:show]

# --8<-- [start:check]
assert list(flags) == [
    "model.eval",
    "train('eval')",
    "train = False",
    "train()",
]
assert all(f == [True, True, True] for f in flags.values())
assert model.train is False
# --8<-- [end:check]
