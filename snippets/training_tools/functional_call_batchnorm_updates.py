"""Under functional_call a train-mode BatchNorm updates the buffers you pass, in place, and its own for the rest."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.func import functional_call

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
x = torch.randn(8, 3) + 2


def show(label, names):
    before = {name: b.clone() for name, b in model.named_buffers()}
    passed = {name: before[name].clone() for name in names}
    functional_call(model, passed, (x,))
    print(label)
    for name, b in model.named_buffers():
        if name in passed and not torch.equal(passed[name], before[name]):
            where = "the tensor you passed"
        elif not torch.equal(b, before[name]):
            where = "the module's own buffer"
        else:
            where = "neither"
        print(f"  {name:21} updated: {where}")


show("train mode, every buffer passed:", [n for n, _ in model.named_buffers()])
show("train mode, only running_mean passed:", ["1.running_mean"])
model.eval()
show("eval mode, every buffer passed:", [n for n, _ in model.named_buffers()])
# --8<-- [end:show]

# functional_call swaps the tensors you pass in for the call only
# (torch/nn/utils/stateless.py); BatchNorm's forward updates whatever tensor
# self.running_mean is, in place, so the update lands in your tensor, and a
# buffer you did not pass is the module's own. In eval mode nothing moves.
# The check sweeps BatchNorm1d/2d/3d, SyncBatchNorm (on CPU, outside a process
# group, its forward is BatchNorm's) and InstanceNorm1d/2d/3d with running
# statistics, in both modes and both grad modes. A Lazy variant has no
# buffers to pass before its first forward: passing tensors for them raises;
# passing none materialises it into the plain class, its own buffers updated.
# --8<-- [start:check]
cases = [
    (nn.BatchNorm1d(3), (8, 3)),
    (nn.BatchNorm2d(3), (8, 3, 2, 2)),
    (nn.BatchNorm3d(3), (8, 3, 2, 2, 2)),
    (nn.SyncBatchNorm(3), (8, 3, 2, 2)),
    (nn.InstanceNorm1d(3, track_running_stats=True), (8, 3, 4)),
    (nn.InstanceNorm2d(3, track_running_stats=True), (8, 3, 2, 2)),
    (nn.InstanceNorm3d(3, track_running_stats=True), (8, 3, 2, 2, 2)),
]
for layer, shape in cases:
    inputs = torch.randn(shape) + 2
    names = [name for name, _ in layer.named_buffers()]
    for grad_on in (True, False):
        for mode in (True, False):
            for passed_names in (names, names[:1], []):
                layer.train(mode)
                own = {n: b.clone() for n, b in layer.named_buffers()}
                passed = {n: own[n].clone() for n in passed_names}
                with torch.set_grad_enabled(grad_on):
                    functional_call(layer, passed, (inputs,))
                for n in names:
                    # InstanceNorm never counts num_batches_tracked
                    moves = mode and not (
                        n == "num_batches_tracked" and "Instance" in str(layer)
                    )
                    kept = torch.equal(layer.get_buffer(n), own[n])
                    if n in passed:  # the update lands in the passed tensor
                        assert kept
                        assert torch.equal(passed[n], own[n]) is not moves
                    else:  # and in the module's own buffer otherwise
                        assert kept is not moves
lazy_cases = [
    (nn.LazyBatchNorm1d, nn.BatchNorm1d, (8, 3)),
    (nn.LazyBatchNorm2d, nn.BatchNorm2d, (8, 3, 2, 2)),
    (nn.LazyBatchNorm3d, nn.BatchNorm3d, (8, 3, 2, 2, 2)),
    (nn.LazyInstanceNorm1d, nn.InstanceNorm1d, (8, 3, 4)),
    (nn.LazyInstanceNorm2d, nn.InstanceNorm2d, (8, 3, 2, 2)),
    (nn.LazyInstanceNorm3d, nn.InstanceNorm3d, (8, 3, 2, 2, 2)),
]
for lazy, plain, shape in lazy_cases:
    inputs = torch.randn(shape) + 2
    layer = lazy(track_running_stats=True)
    stand_ins = {"running_mean": torch.zeros(3), "running_var": torch.ones(3)}
    try:
        functional_call(layer, stand_ins, (inputs,))
        raise AssertionError("a Lazy norm took tensors for its buffers")
    except AttributeError as error:
        assert "materialize" in str(error)
    layer = lazy(track_running_stats=True)
    functional_call(layer, {}, (inputs,))
    assert type(layer) is plain and layer.running_mean.any()
# --8<-- [end:check]
