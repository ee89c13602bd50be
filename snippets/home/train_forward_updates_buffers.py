"""A train-mode forward pass changes no parameter but does update BatchNorm's running statistics."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(3)
x = torch.randn(16, 3) * 2 + 5
params_before = [p.detach().clone() for p in bn.parameters()]
seen = {}


def show_buffers(label):
    mean, count = bn.running_mean.clone(), bn.num_batches_tracked.item()
    seen[label] = mean, count
    means = [round(v, 3) for v in mean.tolist()]
    print(f"{label:<16} running_mean={means} num_batches_tracked={count}")


show_buffers("before:")
with torch.no_grad():  # no autograd at all, and the buffers still move
    bn.train()(x)
show_buffers("after train fwd:")
with torch.no_grad():
    bn.eval()(x)
show_buffers("after eval fwd:")

pairs = zip(params_before, bn.parameters())
unchanged = all(torch.equal(a, b) for a, b in pairs)
print("weight and bias unchanged throughout:", unchanged)
# --8<-- [end:show]

# --8<-- [start:check]
start, after_train, after_eval = seen.values()
assert start[1] == 0 and torch.equal(start[0], torch.zeros(3))
assert after_train[1] == 1 and (after_train[0] > 0.3).all()
assert torch.equal(after_eval[0], after_train[0]) and after_eval[1] == 1
assert unchanged
# With grad on too, and for InstanceNorm with running statistics.
for layer, shape in (
    (nn.BatchNorm2d(3), (4, 3, 2, 2)),
    (nn.InstanceNorm1d(3, affine=True, track_running_stats=True), (4, 3, 5)),
):
    params = [p.detach().clone() for p in layer.parameters()]
    layer.train()(torch.randn(shape) + 5)
    assert (layer.running_mean > 0.3).all()
    assert all(torch.equal(a, b) for a, b in zip(params, layer.parameters()))
# --8<-- [end:check]
