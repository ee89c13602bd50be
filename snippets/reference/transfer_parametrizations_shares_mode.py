"""transfer_parametrizations_and_params shares the parametrization and puts it in the target module's mode."""

# --8<-- [start:show]
import torch.nn as nn
from torch.nn.utils import parametrize


class Symmetric(nn.Module):
    def forward(self, weight):
        return weight.triu() + weight.triu(1).T


source = nn.Linear(3, 3)  # train mode
parametrize.register_parametrization(source, "weight", Symmetric())
target = nn.Linear(3, 3).eval()
parametrize.transfer_parametrizations_and_params(source, target, "weight")

shared = source.parametrizations.weight[0] is target.parametrizations.weight[0]
print("the parametrization object is shared:", shared)
print(
    "source.training:",
    source.training,
    "| its parametrization's training:",
    source.parametrizations.weight[0].training,
)
# --8<-- [end:show]

# --8<-- [start:check]
assert (
    shared
    and source.training
    and not source.parametrizations.weight[0].training
)
# --8<-- [end:check]
