"""Putting BatchNorm modules in eval mode after model.train() freezes them; momentum=0 freezes only the statistics."""

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 1))
model[1].running_mean.normal_()  # pretend these came from pre-training
model[:2].requires_grad_(False)
x = torch.randn(16, 4) + 3


def frozen_reference():
    with torch.no_grad():
        return model[1].eval()(model[0](x))


reference, stats = frozen_reference(), model[1].running_mean.clone()

# Fix: after every model.train(), put the BatchNorm modules back in eval mode.
model.train()
for module in model.modules():
    if isinstance(module, nn.modules.batchnorm._BatchNorm):
        module.eval()
out = model[1](model[0](x))
print("eval() after train(): stats unchanged", torch.equal(model[1].running_mean, stats), end=" | ")
print("uses the stored statistics", torch.allclose(out, reference))
assert torch.equal(model[1].running_mean, stats) and torch.allclose(out, reference)

# momentum=0 keeps the statistics still, but train mode still normalises with the batch.
model.train()
model[1].momentum = 0.0
out = model[1](model[0](x))
print("momentum=0 in train(): stats unchanged", torch.equal(model[1].running_mean, stats), end=" | ")
print("uses the stored statistics", torch.allclose(out, reference))
assert torch.equal(model[1].running_mean, stats) and not torch.allclose(out, reference)
