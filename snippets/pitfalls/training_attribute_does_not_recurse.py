"""Assigning model.training = False changes only the top module; its children stay in train mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
x = torch.ones(1, 4)

model.training = False  # looks like eval(), is not
assigned = [m.training for m in model.modules()]
assigned_equal = torch.equal(model(x), model(x))
print("after model.training = False, flags:", assigned)
print("  two forward passes equal:", assigned_equal)

model.eval()  # recurses into every registered submodule
evaluated = [m.training for m in model.modules()]
evaluated_equal = torch.equal(model(x), model(x))
print("after model.eval(), flags:          ", evaluated)
print("  two forward passes equal:", evaluated_equal)
# --8<-- [end:show]

# --8<-- [start:check]
assert assigned == [False, True, True] and not assigned_equal
assert evaluated == [False, False, False] and evaluated_equal
# --8<-- [end:check]
