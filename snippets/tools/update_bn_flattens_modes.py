"""update_bn refills BatchNorm statistics in train mode, then puts every module in the root's old mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.optim.swa_utils import update_bn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2), nn.Dropout(0.5))
batches = [torch.randn(8, 2) + 3 for _ in range(4)]


def modes():
    return [module.training for module in model]


model.train()
model[1].eval()  # a frozen BatchNorm in a train-mode model
print("modes of [Linear, BatchNorm, Dropout]")
print("  train, BN frozen:", modes(), end=" -> update_bn -> ")
update_bn(batches, model)
print(modes())
model.eval()
model[2].train()  # Monte Carlo dropout: eval model, Dropout on
print("  eval, Dropout on:", modes(), end=" -> update_bn -> ")
update_bn(batches, model)
print(modes())

with torch.no_grad():
    inputs = torch.cat([model[0](batch) for batch in batches])
print("running_mean:            ", model[1].running_mean.round(decimals=4))
print("mean of the layer inputs:", inputs.mean(0).round(decimals=4))
# --8<-- [end:show]

# update_bn ends with model.train(was_training) (torch/optim/swa_utils.py),
# which sets one flag, the root's, on every module. It also resets and refills
# the statistics of every BatchNorm, a frozen one too; meanwhile momentum is
# None, so the buffers hold the plain average over the batches. A model with
# no BatchNorm is left as it is. "BatchNorm" is every _BatchNorm: the
# BatchNorm1d/2d/3d, SyncBatchNorm and lazy classes.
# --8<-- [start:check]
assert modes() == [False, False, False]
model.train()
model[1].eval()
model[1].running_mean.fill_(7.0)  # a frozen BatchNorm's statistics
update_bn(batches, model)
assert modes() == [True, True, True]
assert torch.allclose(model[1].running_mean, inputs.mean(0), atol=1e-5)
assert model[1].momentum == 0.1  # momentum is given back
no_bn = nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5)).eval()
no_bn[1].train()
update_bn(batches, no_bn)  # no BatchNorm: it returns before any mode change
assert [no_bn.training, no_bn[1].training] == [False, True]

# The root of update_bn(loader, swa_model) is the AveragedModel wrapper,
# which starts in train mode: every module of an eval model ends in train.
from torch.optim.swa_utils import AveragedModel  # noqa: E402

model.eval()
averaged = AveragedModel(model)
assert averaged.training and not any(m.training for m in averaged.module)
update_bn(batches, averaged)
assert all(m.training for m in averaged.modules())
# ... unless the wrapper itself was put in eval mode before update_bn
averaged = AveragedModel(model)
averaged.module[0].train()  # a model in mixed modes
update_bn(batches, averaged.eval())
assert not any(m.training for m in averaged.modules())

# An uninitialised lazy BatchNorm cannot be reset: ValueError, before any
# batch runs and before any mode changes.
lazy = nn.Sequential(nn.Linear(2, 2), nn.LazyBatchNorm1d()).eval()
try:
    update_bn(batches, lazy)
    raise AssertionError("update_bn accepted an uninitialised LazyBatchNorm1d")
except ValueError as error:
    assert "uninitialized parameter" in str(error)
assert not any(m.training for m in lazy.modules())

# No try/finally around the batches: one that raises leaves every module in
# train mode and every BatchNorm with momentum=None.
model.eval()
try:
    update_bn(
        [batches[0], torch.randn(4, 5)], model
    )  # the second: wrong width
    raise AssertionError("update_bn ran a batch of the wrong width")
except RuntimeError:
    pass
assert all(m.training for m in model.modules()) and model[1].momentum is None
# --8<-- [end:check]
