"""train() sets the training flag on the module and every descendant, and returns the module."""

import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 4), nn.Sequential(nn.Dropout(0.5), nn.BatchNorm1d(4)))

returned = model.eval()
print("after model.eval():")
for name, module in model.named_modules():
    print(f"  {name or '(root)':<10} training={module.training}")
assert not any(m.training for m in model.modules())

returned = model.train()
print("after model.train():")
for name, module in model.named_modules():
    print(f"  {name or '(root)':<10} training={module.training}")
assert all(m.training for m in model.modules())

print("train() returns the module itself:", returned is model)
assert returned is model
