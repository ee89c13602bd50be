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
import random  # noqa: E402

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


def nested():
    torch.manual_seed(0)
    return nn.Sequential(
        nn.Linear(4, 4),
        nn.Sequential(nn.BatchNorm1d(4), nn.Dropout(), nn.RReLU()),
        nn.ModuleDict(
            {"a": nn.LSTM(4, 4, 2, dropout=0.1), "b": nn.Dropout1d()}
        ),
        nn.TransformerEncoderLayer(4, 2, 8),
    )


# Any mix of modes, on a nested model, comes back exactly; also when the
# block raises, and whether grad mode is on or off. Grad mode is untouched.
rng = random.Random(0)
for _ in range(20):
    model = nested()
    for m in model.modules():
        m.training = rng.random() < 0.5
    before = flags(model)
    for grad in (True, False):
        with torch.set_grad_enabled(grad):
            try:
                with evaluating(model):
                    assert not any(flags(model))
                    raise RuntimeError("validation failed")
            except RuntimeError:
                pass
            assert torch.is_grad_enabled() is grad
        assert flags(model) == before
    if len(set(before)) > 1:  # mixed: one flag cannot restore it
        model.eval().train(bool(before[0]))
        assert flags(model) != before

# As the pages suggest using it, with no_grad(): both are undone on exit.
model = mixed_models()[0]
before = flags(model)
with evaluating(model), torch.no_grad():
    assert not torch.is_grad_enabled() and not any(flags(model))
assert torch.is_grad_enabled() and flags(model) == before


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
