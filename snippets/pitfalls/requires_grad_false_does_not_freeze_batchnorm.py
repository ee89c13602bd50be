"""requires_grad=False freezes BatchNorm's weights but not its running statistics, which move in train mode."""

import torch
import torch.nn as nn

torch.manual_seed(0)
backbone = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8))
backbone.requires_grad_(False)  # "frozen"
bn = backbone[1]
before = bn.running_mean.clone()

backbone.train()  # what a training loop does
backbone(torch.randn(16, 4) + 3)

print("trainable parameters:", sum(p.requires_grad for p in backbone.parameters()))
print("running_mean before:", [round(v, 3) for v in before[:4].tolist()])
print("running_mean after: ", [round(v, 3) for v in bn.running_mean[:4].tolist()])
print("batches tracked:", bn.num_batches_tracked.item())
assert not torch.equal(before, bn.running_mean)
