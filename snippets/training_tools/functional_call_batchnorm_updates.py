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
# The check sweeps the BatchNorm and InstanceNorm classes that keep running
# statistics, in both grad modes.
# --8<-- [start:check]
cases = [
    (nn.BatchNorm1d(3), (8, 3)),
    (nn.BatchNorm2d(3), (8, 3, 2, 2)),
    (nn.BatchNorm3d(3), (8, 3, 2, 2, 2)),
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
# --8<-- [end:check]
