"""A train-mode forward pass changes no parameter but does update BatchNorm's running statistics."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(3)
x = torch.randn(16, 3) * 2 + 5


def show_buffers(label):
    print(
        f"{label:<18}running_mean =",
        [round(v, 3) for v in bn.running_mean.tolist()],
        "num_batches_tracked =",
        bn.num_batches_tracked.item(),
    )


params_before = [p.clone() for p in bn.parameters()]
show_buffers("before:")

with torch.no_grad():  # no autograd at all, and the buffers still move
    bn.train()(x)
show_buffers("after train fwd:")

frozen = bn.running_mean.clone()
with torch.no_grad():
    bn.eval()(x)
show_buffers("after eval fwd:")

unchanged = all(
    torch.equal(a, b) for a, b in zip(params_before, bn.parameters())
)
print("weight and bias unchanged throughout:", unchanged)
# --8<-- [end:show]

# --8<-- [start:check]
assert bn.num_batches_tracked.item() == 1 and not torch.equal(
    bn.running_mean, torch.zeros(3)
)

assert (
    torch.equal(bn.running_mean, frozen) and bn.num_batches_tracked.item() == 1
)

assert unchanged
# --8<-- [end:check]
