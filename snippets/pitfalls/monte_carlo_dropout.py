"""For Monte Carlo dropout, eval() then train() on the Dropout modules only: samples differ, BatchNorm stays frozen."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 16),
    nn.BatchNorm1d(16),
    nn.ReLU(),
    nn.Dropout(0.3),
    nn.Linear(16, 1),
)
model.train()
for _ in range(5):  # a few train-mode passes give BatchNorm running statistics
    model(torch.randn(32, 4))

model.eval()
for module in model.modules():
    if isinstance(module, nn.Dropout):
        module.train()
stats = model[1].running_mean.clone()

x = torch.randn(1, 4)  # a single sample: fine, BatchNorm is in eval mode
with torch.no_grad():
    samples = torch.stack([model(x) for _ in range(100)])
print(
    "first 5 predictions:",
    [round(v, 3) for v in samples[:5].flatten().tolist()],
)
print(
    f"mean {samples.mean():.3f}, std {samples.std():.3f} over {len(samples)} samples"
)
print(
    "BatchNorm training:",
    model[1].training,
    "| running_mean unchanged:",
    torch.equal(stats, model[1].running_mean),
)
# --8<-- [end:show]

# --8<-- [start:check]
assert samples.std() > 0
assert not model[1].training and torch.equal(stats, model[1].running_mean)
# --8<-- [end:check]
