"""Under grad and jacrev a train-mode BatchNorm fails only on its captured counter; running stats move anyway."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.func import functional_call, grad, jacrev

torch.manual_seed(0)
x = torch.randn(8, 3, 4) + 2
STATS, COUNTER = ["running_mean", "running_var"], ["num_batches_tracked"]


def attempt(label, layer, names, transform=grad):
    passed = {n: b.clone() for n, b in layer.named_buffers() if n in names}
    call = transform(lambda t, s: functional_call(layer, s, (t,)).sum())
    try:
        call(x, passed)
        result = "ok"
    except RuntimeError as error:  # name the in-place op it refuses
        result = "refused " + str(error).split("(")[2].split(")")[0]
    moved = bool(layer.running_mean.any())  # a new layer's mean is zeros
    print(f"{label:28} {result:25} | own stats moved: {moved}")


attempt("BN, nothing passed", nn.BatchNorm1d(3), [])
attempt("BN, nothing passed, jacrev", nn.BatchNorm1d(3), [], jacrev)
attempt("BN, stats passed", nn.BatchNorm1d(3), STATS)
attempt("BN, only the counter passed", nn.BatchNorm1d(3), COUNTER)
attempt("BN, every buffer passed", nn.BatchNorm1d(3), STATS + COUNTER)
inorm = nn.InstanceNorm1d(3, track_running_stats=True)  # never counts
attempt("InstanceNorm, nothing passed", inorm, [])
attempt("BN in eval, nothing passed", nn.BatchNorm1d(3).eval(), [])
# --8<-- [end:show]

# A train-mode BatchNorm that tracks running statistics runs
# self.num_batches_tracked.add_(1) in Python (torch/nn/modules/batchnorm.py,
# _BatchNorm.forward): that is the aten::add_.Tensor the transforms refuse on a
# captured tensor. running_mean and running_var are updated inside the
# batch_norm kernel, which the transforms let through, captured or passed.
# InstanceNorm never adds to its counter, so it always runs and its
# statistics move.
# The check covers BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d, every subset of
# buffers passed, grad, jacrev and jacfwd, a module transformed directly,
# momentum=None, track_running_stats=False, both modes and both grad modes.
# jacfwd's first call loads torch's forward-mode decompositions, which call
# torch.jit.script: on torch 2.12 and later that warns it is deprecated (a
# DeprecationWarning on 2.12 and 2.13, a FutureWarning from 2.14), so the
# check ignores that warning by its message, whatever the category.
# --8<-- [start:check]
import itertools  # noqa: E402
import warnings  # noqa: E402

from torch.func import jacfwd  # noqa: E402

warnings.filterwarnings("ignore", message=r"`torch\.jit\.\w+` is deprecated")

cases = [
    (nn.BatchNorm1d, (8, 3, 4)),
    (nn.BatchNorm2d, (8, 3, 2, 2)),
    (nn.BatchNorm3d, (8, 3, 2, 2, 2)),
    (nn.InstanceNorm1d, (8, 3, 4)),
    (nn.InstanceNorm2d, (8, 3, 2, 2)),
    (nn.InstanceNorm3d, (8, 3, 2, 2, 2)),
]
for (make, shape), grad_on in itertools.product(cases, (True, False)):
    inputs = torch.randn(shape) + 2
    layer = make(3, track_running_stats=True)
    names = [n for n, _ in layer.named_buffers()]
    counted = "Batch" in make.__name__  # InstanceNorm never counts
    subsets = [[], names[:2], names[2:], names]
    for transform, mode, subset in itertools.product(
        (grad, jacrev, jacfwd), (True, False), subsets
    ):
        layer.train(mode)
        own = {n: b.clone() for n, b in layer.named_buffers()}
        passed = {n: own[n].clone() for n in subset}

        def f(t, s, layer=layer):
            return functional_call(layer, s, (t,)).sum()

        refused = mode and counted and "num_batches_tracked" not in subset
        with torch.set_grad_enabled(grad_on):
            try:
                transform(f)(inputs, passed)
                assert not refused
            except RuntimeError as error:
                assert refused and "aten::add_.Tensor" in str(error)
                assert "mutate a captured Tensor" in str(error)
        for n in names:
            moves = mode and not refused
            moves = moves and (counted or n != "num_batches_tracked")
            kept = torch.equal(layer.get_buffer(n), own[n])
            if n in passed:  # the update lands in the tensor passed
                assert kept and torch.equal(passed[n], own[n]) is not moves
            else:  # captured: the module's own, silently
                assert kept is not moves
        before = layer.running_mean.clone()
        with torch.set_grad_enabled(grad_on):  # a module captures its own
            try:
                transform(lambda t, m=layer: m(t).sum())(inputs)
                assert not (mode and counted)
            except RuntimeError:
                assert mode and counted
        assert torch.equal(before, layer.running_mean) is not (
            mode and not counted
        )
for kwargs, refused in [
    ({"momentum": None}, True),
    ({"affine": False}, True),
    ({"track_running_stats": False}, False),
]:
    layer = nn.BatchNorm1d(3, **kwargs)
    try:
        jacrev(layer)(torch.randn(8, 3))
        assert not refused
    except RuntimeError:
        assert refused
# --8<-- [end:check]
