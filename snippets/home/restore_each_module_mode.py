"""A helper that saves and restores each module's own flag keeps mixed modes; model.train(was_training) does not."""

# --8<-- [start:show]
import contextlib

import torch.nn as nn


@contextlib.contextmanager
def evaluating(model):  # eval inside the block, then each module's own flag
    saved = {name: m.training for name, m in model.named_modules()}
    model.eval()
    try:
        yield model
    finally:
        for name, module in model.named_modules():
            module.training = saved[name]


frozen_bn = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Dropout())
frozen_bn.train()[1].eval()  # BatchNorm in eval inside a training model
mc_dropout = nn.Sequential(nn.Linear(4, 4), nn.Dropout())
mc_dropout.eval()[1].train()  # Dropout on inside an evaluating model
for model in (frozen_bn, mc_dropout):
    before = [m.training for m in model.modules()]  # the root first
    with evaluating(model):
        inside = [m.training for m in model.modules()]
    after = [m.training for m in model.modules()]
    model.eval().train(before[0])  # the usual one-flag restore
    flat = [m.training for m in model.modules()]
    print(f"flags before:                {before}")
    print(f"  after evaluating():        {after}")
    print(f"  after train(was_training): {flat}")
# --8<-- [end:show]

# --8<-- [start:check]
import random  # noqa: E402

import torch  # noqa: E402

# Both counterexamples: evaluating() restores them, train(was_training)
# flattens them (the asserts fail if the helper is the one-flag version).
for model, expected in ((frozen_bn, [1, 1, 0, 1]), (mc_dropout, [0, 0, 1])):
    model.eval().train(model.training)  # flattened by the loop above
    for m, flag in zip(model.modules(), expected):
        m.training = bool(flag)
    before = [m.training for m in model.modules()]
    with evaluating(model):
        assert not any(m.training for m in model.modules())
    assert [m.training for m in model.modules()] == before
    model.eval().train(before[0])
    assert [m.training for m in model.modules()] != before


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
    before = {n: m.training for n, m in model.named_modules()}
    for grad in (True, False):
        with torch.set_grad_enabled(grad):
            try:
                with evaluating(model):
                    assert not any(m.training for m in model.modules())
                    raise RuntimeError("validation failed")
            except RuntimeError:
                pass
            assert torch.is_grad_enabled() is grad
        assert {n: m.training for n, m in model.named_modules()} == before
    if len(set(before.values())) > 1:  # mixed: one flag cannot restore it
        model.eval().train(before[""])
        assert {n: m.training for n, m in model.named_modules()} != before


# The flags come back by assignment: an override of train() is not re-run.
class Counting(nn.Sequential):
    calls = 0

    def train(self, mode=True):
        Counting.calls += 1
        return super().train(mode)


counting = Counting(nn.Linear(2, 2), nn.Dropout())
counting[1].eval()
Counting.calls = 0
with evaluating(counting), torch.no_grad():  # the use the page suggests
    assert not torch.is_grad_enabled() and not counting.training
assert Counting.calls == 1  # the eval() call on entry, nothing on exit
assert [m.training for m in counting.modules()] == [True, True, False]
assert torch.is_grad_enabled()
# --8<-- [end:check]
