"""Freezing BatchNorm takes requires_grad_(False) and eval mode after model.train(); momentum=0 freezes only the statistics."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(4)
bn.requires_grad_(
    False
)  # 1. weight and bias: no gradient, so the optimizer leaves them alone
bn.running_mean.fill_(1.0)  # as if they came from pre-training
bn.running_var.fill_(4.0)
model = nn.Sequential(bn, nn.Dropout(0.5), nn.Linear(4, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
x = torch.randn(8, 4)
frozen = (x - 1.0) / (
    4.0 + bn.eps
) ** 0.5  # what a frozen BatchNorm computes (weight 1, bias 0)


def batchnorm_eval(model):
    """2. Call right after model.train(): BatchNorm layers go back to eval mode, the rest keeps training."""
    for module in model.modules():
        if isinstance(
            module, nn.modules.batchnorm._BatchNorm
        ):  # BatchNorm1d/2d/3d, SyncBatchNorm
            module.eval()


model.train()
batchnorm_eval(model)
head_before = model[2].weight.clone()
optimizer.zero_grad()
model(x).pow(2).mean().backward()
optimizer.step()  # a training step: the Linear layer learns
affine_kept = bn.weight.eq(1.0).all().item() and bn.bias.eq(0.0).all().item()
stats_kept = (
    bn.running_mean.eq(1.0).all().item()
    and bn.running_var.eq(4.0).all().item()
)
out = bn(x)
print("after train(), batchnorm_eval() and one training step:")
print(
    "  weight and bias kept:",
    affine_kept,
    "| running statistics kept:",
    stats_kept,
)
print(
    "  normalises with the stored statistics:",
    torch.allclose(out, frozen),
    "| Dropout training:",
    model[1].training,
)

model.train()
bn.momentum = 0.0
out = bn(x)
stats_kept = (
    bn.running_mean.eq(1.0).all().item()
    and bn.running_var.eq(4.0).all().item()
)
print("train mode with momentum=0 instead of eval mode:")
print("  running statistics kept:", stats_kept)
print("  normalises with the stored statistics:", torch.allclose(out, frozen))
# --8<-- [end:show]

# --8<-- [start:check]
assert affine_kept and stats_kept
assert torch.allclose(out, frozen) and model[1].training
assert not torch.equal(
    model[2].weight, head_before
)  # the rest of the model did train

assert stats_kept and not torch.allclose(
    out, frozen
)  # normalised with the batch's own statistics
# --8<-- [end:check]
