"""Putting BatchNorm modules in eval mode after model.train() freezes them; momentum=0 freezes only the statistics."""

import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(4).requires_grad_(False)
bn.running_mean.fill_(1.0)  # as if they came from pre-training
bn.running_var.fill_(4.0)
model = nn.Sequential(bn, nn.Dropout(0.5))
x = torch.randn(8, 4)
frozen = (x - 1.0) / (4.0 + bn.eps) ** 0.5  # what a frozen BatchNorm computes (weight 1, bias 0)


def batchnorm_eval(model):
    """Call right after model.train(): BatchNorm layers go back to eval mode, the rest keeps training."""
    for module in model.modules():
        if isinstance(module, nn.modules.batchnorm._BatchNorm):  # BatchNorm1d/2d/3d, SyncBatchNorm
            module.eval()


model.train()
batchnorm_eval(model)
out = bn(x)
print("train() then batchnorm_eval(): stats kept", bn.running_mean[0].item() == 1.0, end=" | ")
print("uses stored stats", torch.allclose(out, frozen), "| dropout training", model[1].training)
assert bn.running_mean.eq(1.0).all() and torch.allclose(out, frozen) and model[1].training

model.train()
bn.momentum = 0.0
out = bn(x)
print("train() with momentum=0:       stats kept", bn.running_mean[0].item() == 1.0, end=" | ")
print("uses stored stats", torch.allclose(out, frozen))
assert bn.running_mean.eq(1.0).all() and not torch.allclose(out, frozen)  # normalised with the batch's own stats
