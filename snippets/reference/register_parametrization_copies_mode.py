"""register_parametrization gives the parametrization the host's mode, but the containers it adds train mode."""

# --8<-- [start:show]
import torch.nn as nn
from torch.nn.utils import parametrize


class Symmetric(nn.Module):
    def forward(self, weight):
        return weight.triu() + weight.triu(1).T


copied = {}
for mode in ("train", "eval"):
    linear = getattr(nn.Linear(3, 3), mode)()
    parametrization = Symmetric()  # a new module: training=True
    parametrize.register_parametrization(linear, "weight", parametrization)
    flag = parametrization.training
    plist = linear.parametrizations.weight  # a ParametrizationList
    held = linear.parametrizations.training, plist.training
    copied[mode] = flag, held
    print(f"host in {mode} mode -> parametrization.training = {flag}")
    print(f"  its ModuleDict, ParametrizationList: training = {held}")

linear.eval()  # later mode changes reach them like any submodule
modes = [m.training for m in linear.modules()]
print("after host.eval(), training of every module:", modes)
# --8<-- [end:show]

# --8<-- [start:check]
assert copied == {"train": (True, (True, True)), "eval": (False, (True, True))}
assert modes == [False] * 4
# an eval-mode model is left in mixed modes by the registration itself
model = nn.Sequential(nn.Linear(3, 3)).eval()
parametrize.register_parametrization(model[0], "weight", Symmetric())
flags = {name: m.training for name, m in model.named_modules()}
assert flags == {
    "": False,
    "0": False,
    "0.parametrizations": True,
    "0.parametrizations.weight": True,
    "0.parametrizations.weight.0": False,
}
# a second parametrization on the same tensor gets the host's mode too
parametrize.register_parametrization(model[0], "weight", Symmetric())
assert model[0].parametrizations.weight[1].training is False
model.train()
assert all(m.training for m in model.modules())
# --8<-- [end:check]
