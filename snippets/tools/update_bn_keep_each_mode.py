"""To keep per-module modes through update_bn, record each module's flag before it and restore each after it."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.optim.swa_utils import update_bn


def update_bn_keeping_modes(loader, model, device=None):
    modes = {module: module.training for module in model.modules()}
    update_bn(loader, model, device)
    for module, training in modes.items():
        module.training = training


torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2), nn.Dropout(0.5))
batches = [torch.randn(8, 2) + 3 for _ in range(4)]
model.train()
model[1].eval()  # a frozen BatchNorm in a train-mode model
before = [module.training for module in model.modules()]
update_bn_keeping_modes(batches, model)
after = [module.training for module in model.modules()]
print("modes of [model, Linear, BatchNorm, Dropout]")
print("  before:", before)
print("  after: ", after)
with torch.no_grad():
    inputs = torch.cat([model[0](batch) for batch in batches])
print("running_mean is the mean of the layer inputs:", end=" ")
print(torch.allclose(model[1].running_mean, inputs.mean(0), atol=1e-5))
# --8<-- [end:show]

# Setting module.training on each module, rather than calling train() on the
# root, leaves every module with its own flag. The frozen BatchNorm's
# statistics are still recomputed: update_bn resets every BatchNorm's.
# --8<-- [start:check]
assert before == after == [True, True, False, True]
assert torch.allclose(model[1].running_mean, inputs.mean(0), atol=1e-5)
model.eval()
model[2].train()  # Monte Carlo dropout survives too
update_bn_keeping_modes(batches, model)
assert [module.training for module in model.modules()] == [
    False,
    False,
    False,
    True,
]
# --8<-- [end:check]
