"""torch.compile(model).training is model.training, and compiled.eval() puts every module of the model in eval."""

# --8<-- [start:show]
import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
compiled = torch.compile(model, backend="eager")  # no call compiles here
print("type(torch.compile(model)):", type(compiled).__name__)
print("  its submodules:", [name for name, _ in compiled.named_children()])

compiled.eval()
print("after compiled.eval():", end=" ")
print("model:", [m.training for m in model.modules()], end=", ")
print("compiled.training:", compiled.training)
model.train()
print("after model.train(): compiled.training:", compiled.training)
model[1].eval()
print("after model[1].eval(): compiled.training:", compiled.training)
# --8<-- [end:show]

# OptimizedModule.training is a property that reads and writes
# model.training (torch/_dynamo/eval_frame.py), and the model is its
# registered submodule _orig_mod, so train() and eval() reach every module.
# No call compiles here: only the flags are read.
# --8<-- [start:check]
assert compiled._orig_mod is model
for mode in (False, True):
    compiled.train(mode)
    assert all(m.training is mode for m in model.modules())
    assert compiled.training is mode
    model.train(not mode)
    assert compiled.training is (not mode)
model.train()
model[1].eval()  # a submodule's flag is not the root's
assert compiled.training and not model[1].training
# --8<-- [end:check]
