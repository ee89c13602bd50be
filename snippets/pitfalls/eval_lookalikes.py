"""Three look-alikes of model.eval() do not switch the mode: a missing call, a string mode and assigning to train."""

# --8<-- [start:show]
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 2), nn.Dropout())

model.eval  # noqa: B018  (no parentheses: looks the method up and throws it away)
print("after `model.eval`:          training =", model.training)

try:
    model.train("eval")
except ValueError as error:
    print("after `model.train('eval')`: ValueError:", error)
else:
    raise AssertionError("train('eval') was accepted")

model.train = False  # shadows the method with an attribute on this instance
print(
    "after `model.train = False`: training =",
    model.training,
    "| model.train is now",
    model.train,
)
try:
    model.train()
except TypeError as error:
    print("and later `model.train()`:   TypeError:", error)
else:
    raise AssertionError("train() still callable")
# --8<-- [end:show]

# --8<-- [start:check]
assert model.training

assert model.training

assert model.training
# --8<-- [end:check]
