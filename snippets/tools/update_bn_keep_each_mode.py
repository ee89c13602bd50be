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
# statistics are still recomputed: update_bn resets every BatchNorm's. And
# update_bn runs the whole model in train mode: every layer that updates
# state in train mode updates it, a frozen InstanceNorm with running
# statistics too (by its momentum: it is not a _BatchNorm, so update_bn
# neither resets nor averages it). The recipe restores its flag only.
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

norms = nn.Sequential(
    nn.Conv1d(2, 2, 1), nn.InstanceNorm1d(2, track_running_stats=True)
)
norms.add_module("bn", nn.BatchNorm1d(2))
norms[1].eval()  # a frozen InstanceNorm
sequences = [torch.randn(8, 2, 5) + 3 for _ in range(4)]
update_bn_keeping_modes(sequences, norms)
assert not norms[1].training  # its flag is restored ...
expected = torch.zeros(2)
with torch.no_grad():
    for sequence in sequences:  # updated by its momentum, 0.1, not averaged
        expected = 0.9 * expected + 0.1 * norms[0](sequence).mean((0, 2))
assert not torch.equal(norms[1].running_mean, torch.zeros(2))  # it moved
assert torch.allclose(norms[1].running_mean, expected, atol=1e-5)
# --8<-- [end:check]
