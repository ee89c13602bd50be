"""An EMA that averages parameters() only keeps BatchNorm statistics from its start; two ways fix it."""

# --8<-- [start:show]
import copy

import torch
import torch.nn as nn
from torch.optim import swa_utils

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
batches = [torch.randn(16, 2) * 3 + 5 for _ in range(20)]
hand = copy.deepcopy(model)  # the classic hand-written EMA
ema_fn = swa_utils.get_ema_multi_avg_fn(0.9)
fixed = swa_utils.AveragedModel(model, multi_avg_fn=ema_fn, use_buffers=True)
opt = torch.optim.SGD(model.parameters(), lr=0.01)
for x in batches:
    model(x).pow(2).mean().backward()
    opt.step()
    opt.zero_grad()
    with torch.no_grad():
        for p_ema, p in zip(hand.parameters(), model.parameters()):
            p_ema.lerp_(p, 0.1)  # decay 0.9, parameters only
    fixed.update_parameters(model)
stale = {name: b.clone() for name, b in hand.named_buffers()}
print("running_var, live model:      ", model[1].running_var.round(decimals=2))
print("running_var, hand-written EMA:", hand[1].running_var.round(decimals=2))
print(
    "running_var, use_buffers=True:",
    fixed.module[1].running_var.round(decimals=2),
)
swa_utils.update_bn(batches, hand)  # the other fix: recompute them
print("running_var, after update_bn: ", hand[1].running_var.round(decimals=2))
# --8<-- [end:show]

# A running statistic is a buffer, not a parameter: a loop over parameters()
# never touches it, so the EMA's BatchNorm keeps the values it was copied with
# (zeros and ones here, from a fresh model). update_bn resets them and runs
# the batches through the EMA itself, so they match the EMA's own weights: with
# momentum None meanwhile, the average of each batch's mean and variance.
# update_bn handles _BatchNorm only: an InstanceNorm with running statistics
# is neither reset nor averaged; the batches it runs in train mode move its
# statistics by its own momentum from wherever they were (the check runs it).
# --8<-- [start:check]
start = dict(nn.BatchNorm1d(2).named_buffers())
for name, buf in start.items():  # mean, var and num_batches_tracked
    assert torch.equal(stale["1." + name], buf)
    assert not torch.equal(model[1].get_buffer(name), buf)
    assert not torch.equal(fixed.module[1].get_buffer(name), buf)
with torch.no_grad():
    inputs = [hand[0](x) for x in batches]
means = torch.stack([i.mean(0) for i in inputs]).mean(0)
variances = torch.stack([i.var(0) for i in inputs]).mean(0)
assert torch.allclose(hand[1].running_mean, means, atol=1e-4)
assert torch.allclose(hand[1].running_var, variances, atol=1e-4)
both = nn.Sequential(
    nn.BatchNorm1d(2), nn.InstanceNorm1d(2, track_running_stats=True)
)
both[1].running_mean.fill_(7.0)  # stale statistics
loader = [torch.randn(16, 2, 3) * 3 + 5 for _ in range(5)]
swa_utils.update_bn(loader, both)
expected = torch.full((2,), 7.0)
with torch.no_grad():
    for x in loader:  # momentum 0.1, from the stale 7.0: not reset
        expected = 0.9 * expected + 0.1 * both[0](x).mean((0, 2))
assert torch.allclose(both[1].running_mean, expected, atol=1e-4)
assert both[1].momentum == 0.1 and both[0].momentum == 0.1
# --8<-- [end:check]
