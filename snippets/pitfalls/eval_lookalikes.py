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
try:
    model.eval()  # eval() is train(False): the same error
except TypeError as error:
    print("and `model.eval()`:          TypeError:", error)
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


def type_error(call):
    try:
        call()
    except TypeError as error:
        return "'bool' object is not callable" in str(error)
    return False


# eval() is train(False): it raises too, on the module itself and on every
# module that contains it, which sets the flags before it and then stops.
assert type_error(model.eval) and type_error(lambda: model.train(False))
for ancestor_call in ("train", "eval"):
    parent = nn.Sequential(nn.Dropout(), nn.Sequential(model), nn.Dropout())
    start = ancestor_call == "eval"  # the mode before the call
    for m in (parent, parent[0], parent[1], parent[2]):
        m.training = start
    assert type_error(getattr(parent, ancestor_call))
    flags_now = [parent.training, parent[0].training, parent[1].training]
    assert flags_now == [not start] * 3  # changed before the failing child
    assert parent[2].training is start  # never reached: half-changed
del model.train  # the attribute gone, the method is back
assert not model.eval().training and model.train().training
# --8<-- [end:check]
