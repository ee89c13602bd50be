"""To undo eval() after validation, record each module's flag and restore each; train(was_training) cannot."""

# --8<-- [start:show]
import contextlib

import torch.nn as nn


@contextlib.contextmanager
def evaluating(model):
    saved = [(module, module.training) for module in model.modules()]
    try:
        model.eval()  # in the try: undone even if it raises part-way
        yield model
    finally:
        for module, flag in saved:
            module.training = flag  # this module only, as it was


def flags(model):
    return [int(m.training) for m in model.modules()]


frozen_bn = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout())
frozen_bn[1].eval()  # BatchNorm frozen while the rest trains
mc = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout()).eval()
mc[2].train()  # Monte Carlo dropout: only Dropout on
for name, model in [("frozen BatchNorm", frozen_bn), ("MC dropout", mc)]:
    before = flags(model)
    with evaluating(model):
        pass  # validation runs here, in eval mode
    print(f"{name}: before {before}, after evaluating {flags(model)}")
    print("  then train(model.training):", flags(model.train(model.training)))
# --8<-- [end:show]

# --8<-- [start:check]
import torch  # noqa: E402


def make():
    return nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout())


def mixed_models():
    """Models in mixed modes, each with its recorded flags."""
    a = make().train()
    a[1].eval()
    b = make().eval()
    b[2].train()
    c = nn.Sequential(make(), nn.Sequential(nn.Dropout(), make()))
    c.train()
    c[0].eval()
    c[1][1][1].eval()
    return [a, b, c, make().train(), make().eval()]


for model in mixed_models():
    before = flags(model)
    with evaluating(model):
        assert not any(flags(model))
    assert flags(model) == before
    try:  # restored also when validation raises
        with evaluating(model):
            model(torch.randn(3, 5))  # wrong width: raises
    except RuntimeError:
        pass
    assert flags(model) == before

for model in mixed_models()[:3]:  # the one-flag way loses mixed modes
    before, was_training = flags(model), model.training
    model.eval()
    model.train(was_training)
    assert flags(model) != before


# Restored also when eval() itself raises part-way: a child whose train()
# raises, or whose train was shadowed by an attribute (a look-alike).
class Refuses(nn.Module):
    def train(self, mode=True):
        raise RuntimeError("cannot change mode")


shadowed = nn.Dropout()
shadowed.train = False
for child, error in [(Refuses(), RuntimeError), (shadowed, TypeError)]:
    model = nn.Sequential(nn.Dropout(), child, make())  # all in train
    model[2][1].eval()
    before = flags(model)
    try:
        with evaluating(model):
            raise AssertionError("eval() should have raised")
    except error:
        pass
    assert flags(model) == before, (child, flags(model))


# The restore assigns flags: a train() override is not run again on the way
# back (eval() goes through it, the restore does not).
class Recording(nn.Linear):
    def train(self, mode=True):
        calls.append(mode)
        return super().train(mode)


calls = []
with evaluating(nn.Sequential(Recording(2, 2))):
    pass
assert calls == [False]
# --8<-- [end:check]
