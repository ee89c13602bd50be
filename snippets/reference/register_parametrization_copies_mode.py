"""register_parametrization puts the new parametrization in the mode of the module it is added to."""

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
    copied[mode] = flag
    print(f"host in {mode} mode -> parametrization.training = {flag}")

linear.train()  # later mode changes reach it like any submodule
print("after host.train():", linear.parametrizations.weight[0].training)
# --8<-- [end:show]

# --8<-- [start:check]
assert copied == {"train": True, "eval": False}
assert linear.parametrizations.weight[0].training
# --8<-- [end:check]
