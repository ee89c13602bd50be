"""requires_grad=False freezes BatchNorm's weights but not its running statistics, which move in train mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
backbone = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8))
backbone.requires_grad_(False)  # "frozen"
head = nn.Linear(8, 1)  # the part being fine-tuned
model = nn.Sequential(backbone, head)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
bn = backbone[1]
before = bn.running_mean.clone()
weights_before = [p.clone() for p in backbone.parameters()]

model.train()  # what a training loop does
optimizer.zero_grad()
model(torch.randn(16, 4) + 3).pow(2).mean().backward()
optimizer.step()  # one fine-tuning step

trainable = sum(p.requires_grad for p in backbone.parameters())
pairs = zip(weights_before, backbone.parameters())
weights_kept = all(torch.equal(a, b) for a, b in pairs)
print("backbone: trainable parameters", trainable)
print("  weights unchanged after the step:", weights_kept)
print("running_mean before:", [round(v, 3) for v in before[:4].tolist()])
after = [round(v, 3) for v in bn.running_mean[:4].tolist()]
print("running_mean after: ", after)
print("batches tracked:", bn.num_batches_tracked.item())
# --8<-- [end:show]

# --8<-- [start:check]
assert trainable == 0 and weights_kept
assert not torch.equal(before, bn.running_mean)
assert bn.num_batches_tracked.item() == 1
with torch.no_grad():  # no gradients at all: the statistics still move
    moved = bn.running_mean.clone()
    model(torch.randn(16, 4))
assert not torch.equal(moved, bn.running_mean)
# --8<-- [end:check]
