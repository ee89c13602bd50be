"""SyncBatchNorm.convert_sync_batchnorm gives each new layer the mode of the BatchNorm it replaces."""

# --8<-- [start:show]
import torch.nn as nn

model = nn.Sequential(nn.Conv2d(3, 3, 1), nn.BatchNorm2d(3), nn.BatchNorm2d(3))
model[1].eval()  # one layer in eval mode, the other in train mode

converted = nn.SyncBatchNorm.convert_sync_batchnorm(model)
for index in (1, 2):
    layer = converted[index]
    print(f"layer {index}: {type(layer).__name__}, training={layer.training}")
# --8<-- [end:show]

# --8<-- [start:check]
assert [converted[1].training, converted[2].training] == [False, True]
assert all(isinstance(converted[i], nn.SyncBatchNorm) for i in (1, 2))
assert converted[0].training  # the Conv2d is untouched
import torch  # noqa: E402

# A lazy BatchNorm not yet run has no channel count: it becomes a
# SyncBatchNorm(0) holding an uninitialised weight, whose forward fails.
# Convert after the lazy layers have run once.
lazy = nn.Sequential(nn.Linear(4, 3), nn.LazyBatchNorm1d()).eval()
early = nn.SyncBatchNorm.convert_sync_batchnorm(lazy)
assert isinstance(early[1], nn.SyncBatchNorm) and early[1].num_features == 0
assert isinstance(early[1].weight, nn.parameter.UninitializedParameter)
try:
    early(torch.randn(5, 4))
    raise AssertionError("forward with an uninitialised weight")
except ValueError as error:
    assert "uninitialized parameter" in str(error), error
lazy = nn.Sequential(nn.Linear(4, 3), nn.LazyBatchNorm1d()).eval()
lazy(torch.randn(5, 4))  # materialises the BatchNorm1d(3)
late = nn.SyncBatchNorm.convert_sync_batchnorm(lazy)
assert late[1].num_features == 3 and not late[1].training
assert late(torch.randn(5, 4)).shape == (5, 3)
# --8<-- [end:check]
