"""torch.optim.swa_utils.update_bn runs the model in train mode to refill BatchNorm statistics, then restores its mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.optim.swa_utils import update_bn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)).eval()
batches = [torch.randn(8, 2) + 3 for _ in range(4)]

update_bn(batches, model)
with torch.no_grad():
    outputs = torch.cat([model[0](batch) for batch in batches])
print("mode after update_bn: training =", model.training)
print(
    "running_mean:            ",
    [round(v, 4) for v in model[1].running_mean.tolist()],
)
print(
    "mean of the layer inputs:",
    [round(v, 4) for v in outputs.mean(0).tolist()],
)
# --8<-- [end:show]

# --8<-- [start:check]
assert not model.training and not model[1].training
# momentum is set to None meanwhile: the buffers hold the plain average over the batches.
assert torch.allclose(model[1].running_mean, outputs.mean(0), atol=1e-5)
# --8<-- [end:check]
