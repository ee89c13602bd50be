"""A predict() that records every module's own flag and restores each keeps frozen and MC-dropout modes intact."""

# --8<-- [start:show]
import torch
import torch.nn as nn


@torch.no_grad()  # or @torch.inference_mode(): see its caveats
def predict(model, x):  # in eval mode; then each module gets its flag back
    modes = {m: m.training for m in model.modules()}
    try:
        model.eval()  # in the try: undone even if it raises part-way
        return model(x)
    finally:
        for m, training in modes.items():
            m.training = training


torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(),
                      nn.Dropout(0.5), nn.Linear(8, 1))  # fmt: skip
x, stats = torch.randn(3, 4), model[1].running_mean.clone()
setups = {"frozen BatchNorm": lambda: model.train()[1].eval(),
          "MC dropout": lambda: model.eval()[3].train()}  # fmt: skip
for setup, set_modes in setups.items():
    set_modes()
    before = [int(m.training) for m in model]  # 1: train mode, 0: eval mode
    first, second = predict(model, x), predict(model, x)
    after = [int(m.training) for m in model]
    print(f"{setup}: modes before {before}, after {after}")
same = torch.equal(stats, model[1].running_mean)
print("repeatable:", torch.equal(first, second), end=" | ")
print("requires_grad:", first.requires_grad, "| stats untouched:", same)
# --8<-- [end:show]

# The check runs the recipe on both states, and on a nested model whose
# modules are in random modes, and asserts every module's flag comes back.
# It also runs the flattening version, model.train(was_training), on the same
# states and asserts that this check would catch it.
# --8<-- [start:check]
import warnings  # noqa: E402

warnings.simplefilter("ignore")  # the enable_nested_tensor note


def flattening_predict(model, x):
    was_training = model.training
    model.eval()
    try:
        return model(x)
    finally:
        model.train(was_training)


def restores(recipe, model, x, set_modes):
    set_modes(model)
    before = [m.training for m in model.modules()]
    recipe(model, x)
    return before == [m.training for m in model.modules()]


generator = torch.Generator().manual_seed(1)
nested = nn.Sequential(
    nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2),
    nn.Sequential(nn.Dropout(0.1), nn.LayerNorm(8)),
)
modules = list(nested.modules())


def random_modes(model):
    for m in modules:
        m.training = bool(torch.rand(1, generator=generator) < 0.5)


setups = [(model, x, lambda _, f=f: f()) for f in setups.values()] + [
    (nested, torch.randn(5, 2, 8), random_modes)
] * 10
for net, inputs, set_modes in setups:
    assert restores(predict, net, inputs, set_modes)
assert not all(restores(flattening_predict, *setup) for setup in setups[:2])
assert torch.equal(first, second) and not first.requires_grad
assert same


# Restored also when eval() itself raises part-way, after it has switched
# the modules before the one that refuses: a child whose train() refuses
# eval mode only, or whose train was shadowed by None (the pitfalls page
# runs two more such children through evaluating()).
class TrainOnly(nn.Module):
    def train(self, mode=True):
        if not mode:
            raise ValueError("this module only trains")
        return super().train(mode)


unset = nn.BatchNorm1d(4)
unset.train = None
for child, error in [(TrainOnly(), ValueError), (unset, TypeError)]:
    net = nn.Sequential(nn.Dropout(), child, nn.BatchNorm1d(4))  # train
    net[2].eval()
    before = [m.training for m in net.modules()]
    try:
        predict(net, torch.randn(3, 4))
        raise AssertionError("eval() should have raised")
    except error:
        pass
    assert [m.training for m in net.modules()] == before, child
# --8<-- [end:check]
