"""train() sets the training flag on the module and every descendant, and returns the module."""

# --8<-- [start:show]
import torch.nn as nn

model = nn.Sequential(
    nn.Linear(4, 4), nn.Sequential(nn.Dropout(0.5), nn.BatchNorm1d(4))
)

returned = model.eval()
print("after model.eval():")
for name, module in model.named_modules():
    print(f"  {name or '(root)':<10} training={module.training}")

returned = model.train()
print("after model.train():")
for name, module in model.named_modules():
    print(f"  {name or '(root)':<10} training={module.training}")

print("train() returns the module itself:", returned is model)
# --8<-- [end:show]

# --8<-- [start:check]
assert not any(m.training for m in model.modules())

assert all(m.training for m in model.modules())

assert returned is model
# --8<-- [end:check]
