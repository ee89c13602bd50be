"""AveragedModel keeps each copied module's mode, but the wrapper itself starts in train mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.optim.swa_utils import AveragedModel, update_bn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2), nn.Dropout(0.5))
model.eval()
model[2].train()  # mixed modes: eval model, Dropout on
ema = AveragedModel(model)


def modes(averaged):
    return [averaged.training] + [m.training for m in averaged.module]


print("modes of [wrapper, Linear, BatchNorm, Dropout]")
print("  after AveragedModel(model):", modes(ema))
ema.update_parameters(model)
print("  after update_parameters:   ", modes(ema))
update_bn([torch.randn(8, 2) for _ in range(2)], ema)
print("  after update_bn(..., ema): ", modes(ema))
print("  after ema.eval():          ", modes(ema.eval()))
# --8<-- [end:show]

# AveragedModel.__init__ runs deepcopy(model) (torch/optim/swa_utils.py), which
# copies every module's training flag; the wrapper is a new Module, whose flag
# is True. update_parameters touches no flag. update_bn ends with
# model.train(was_training), the wrapper's flag: True, for every module.
# --8<-- [start:check]
for root_mode in (True, False):
    for child_modes in ([True, False, True], [False, True, False]):
        source = nn.Sequential(
            nn.Linear(2, 2), nn.BatchNorm1d(2), nn.Dropout()
        )
        source.train(root_mode)
        for child, mode in zip(source, child_modes):
            child.train(mode)
        copy = AveragedModel(source)
        assert copy.training is True
        assert copy.module.training is root_mode
        assert [m.training for m in copy.module] == child_modes
        copy.update_parameters(source)
        copy.update_parameters(source)
        assert [m.training for m in copy.module] == child_modes
        update_bn([torch.randn(8, 2)], copy)
        assert all(m.training for m in copy.modules())
assert not any(m.training for m in ema.modules())
# --8<-- [end:check]
