"""Assigning model.training = False changes only the top module; its children stay in train mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
model.training = False  # looks like eval(), is not

print("model.training:     ", model.training)
print("model[1].training:  ", model[1].training)
x = torch.ones(1, 4)
print("two forward passes equal:", torch.equal(model(x), model(x)))

model.eval()  # recurses into every submodule
print(
    "after eval(), any module training:",
    any(m.training for m in model.modules()),
)
print("two forward passes equal:", torch.equal(model(x), model(x)))
# --8<-- [end:show]

# --8<-- [start:check]
assert model[1].training and not torch.equal(model(x), model(x))

assert not any(m.training for m in model.modules()) and torch.equal(
    model(x), model(x)
)
# --8<-- [end:check]
