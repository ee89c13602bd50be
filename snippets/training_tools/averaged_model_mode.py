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
# model.train(was_training), the wrapper's flag: True, for every module, if
# the model has a _BatchNorm; without one it returns before touching a flag or
# running a batch (an InstanceNorm, not a _BatchNorm, does not count).
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
for norm in (None, nn.InstanceNorm1d(2, track_running_stats=True)):
    layers = [nn.Linear(2, 2), nn.Dropout()] + ([norm] if norm else [])
    source = nn.Sequential(*layers).eval()
    source[1].train()  # mixed modes
    copy = AveragedModel(source)
    before = [m.training for m in copy.modules()]
    update_bn([torch.randn(8, 2, 3)], copy)  # no _BatchNorm: returns at once
    assert [m.training for m in copy.modules()] == before
    if norm is not None:  # not reset, and no batch ran
        assert torch.equal(copy.module[2].running_mean, torch.zeros(2))
# --8<-- [end:check]
