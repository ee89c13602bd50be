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
# --8<-- [end:check]
