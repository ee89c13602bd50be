"""BatchNorm and InstanceNorm raise ValueError computing statistics over one value per channel, in either mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

late = nn.BatchNorm1d(3)
late.track_running_stats = False  # switched off after construction
no_stats = nn.BatchNorm1d(3, track_running_stats=False)
cases = [  # (what, layer, mode, input shape)
    ("BatchNorm1d", nn.BatchNorm1d(3), "train", (1, 3)),
    ("BatchNorm1d", nn.BatchNorm1d(3), "eval", (1, 3)),
    ("BatchNorm1d", nn.BatchNorm1d(3), "train", (1, 3, 5)),
    ("BatchNorm2d", nn.BatchNorm2d(3), "train", (1, 3, 2, 2)),
    ("BatchNorm2d, global pool", nn.BatchNorm2d(3), "train", (1, 3, 1, 1)),
    ("BatchNorm1d, no running stats", no_stats, "eval", (1, 3)),
    ("BatchNorm1d, stats off later", late, "eval", (1, 3)),
    ("InstanceNorm2d, 1x1 map", nn.InstanceNorm2d(3), "eval", (4, 3, 1, 1)),
]
torch.manual_seed(0)
results, messages = [], {}
for what, layer, mode, shape in cases:
    try:
        layer.train(mode == "train")(torch.randn(shape))
        results.append("runs")
    except ValueError as error:
        results.append("ValueError")
        messages.setdefault(type(layer).__name__, str(error))
    print(f"{what}, {mode}, {shape}: {results[-1]}")
for name, message in messages.items():
    print(f"{name}: ValueError:", message.replace(", got", ",\n  got"))
# --8<-- [end:show]

# --8<-- [start:check]
import itertools  # noqa: E402

import torch.nn.functional as F  # noqa: E402


def raises(layer, shape):
    try:
        layer(torch.randn(shape))
    except ValueError:
        return True
    return False


def late(cls, *args, **kwargs):  # running statistics, switched off later
    layer = cls(*args, **kwargs)
    if not args:  # lazy: the first forward makes its buffers
        layer(torch.randn((2, 3) + (2,) * dims))
        layer.reset_running_stats()
    layer.track_running_stats = False
    return layer


# The rule: it raises exactly when the statistics it normalises with are
# computed from the input over one value per channel (BatchNorm: batch x
# spatial; InstanceNorm: spatial), in either grad mode; lazy classes too.
shapes = {
    1: [(1, 3), (2, 3), (1, 3, 1), (1, 3, 5)],
    2: [(1, 3, 1, 1), (2, 3, 1, 1), (1, 3, 2, 1)],
    3: [(1, 3, 1, 1, 1), (2, 3, 1, 1, 1), (1, 3, 1, 1, 2)],
}
n = (
    "BatchNorm{}d",
    "LazyBatchNorm{}d",
    "InstanceNorm{}d",
    "LazyInstanceNorm{}d",
)
bns = {
    d: [getattr(nn, n[0].format(d)), getattr(nn, n[1].format(d))]
    for d in shapes
}
ins = {
    d: [getattr(nn, n[2].format(d)), getattr(nn, n[3].format(d))]
    for d in shapes
}
for dims, tracking, training, grad in itertools.product(
    (1, 2, 3), (True, False), (True, False), (True, False)
):
    for shape in shapes[dims]:
        x = torch.randn(shape)
        values = shape[0] * torch.Size(shape[2:]).numel()  # per channel
        spatial = torch.Size(shape[2:]).numel()
        bn_args = [((3,), cls) for cls in (bns[dims][0], nn.SyncBatchNorm)]
        bn_args.append(((), bns[dims][1]))
        for args, cls in bn_args:
            bn = cls(*args, track_running_stats=tracking).train(training)
            with torch.set_grad_enabled(grad):
                assert raises(bn, shape) == (
                    (training or not tracking) and values == 1
                ), (bn, shape)
            # Switched off later: eval uses the buffers as they are (mean 0,
            # var 1), train the batch's statistics; no buffer changes.
            bn = late(cls, *args).train(training)
            with torch.set_grad_enabled(grad):
                assert raises(bn, shape) == (training and values == 1)
                if values > 1 or not training:
                    stats = (
                        (None, None)
                        if training
                        else (torch.zeros(3), torch.ones(3))
                    )
                    want = F.batch_norm(x, *stats, training=training)
                    assert torch.allclose(bn(x), want, atol=1e-5), (bn, shape)
            assert bn.running_mean.eq(0).all() and bn.running_var.eq(1).all()
        if len(shape) == 2:
            continue  # (C, L): an unbatched input for InstanceNorm1d
        for args, cls in (((3,), ins[dims][0]), ((), ins[dims][1])):
            norm = cls(*args, track_running_stats=tracking).train(training)
            with torch.set_grad_enabled(grad):
                assert raises(norm, shape) == (
                    (training or not tracking) and spatial == 1
                ), (norm, shape)
            # Switched off later: input statistics in BOTH modes, and the
            # running buffers still updated (not with momentum=None, which
            # InstanceNorm passes on as 0.0).
            norm = late(cls, *args, track_running_stats=True).train(training)
            still = late(cls, *args, track_running_stats=True, momentum=None)
            with torch.set_grad_enabled(grad):
                assert raises(norm, shape) == (spatial == 1), (norm, shape)
                if spatial > 1:
                    want = F.instance_norm(x)
                    assert torch.allclose(norm(x), want, atol=1e-5)
                    assert not norm.running_mean.eq(0).all(), norm
                    still.train(training)(x)
                    assert still.running_mean.eq(0).all(), still
# A lazy one switched off before its first forward never makes its buffers.
for lazy in (
    nn.LazyBatchNorm1d(),
    nn.LazyInstanceNorm1d(track_running_stats=True),
):
    lazy.track_running_stats = False
    try:
        lazy(torch.randn(4, 3, 5))
    except RuntimeError as error:
        assert "has not been fully initialized" in str(error)
    else:
        raise AssertionError(f"{lazy} ran")
assert nn.BatchNorm2d(3).track_running_stats  # the defaults
assert not nn.InstanceNorm2d(3).track_running_stats
assert results == [
    "ValueError",
    "runs",
    "runs",
    "runs",
    "ValueError",
    "ValueError",
    "runs",
    "ValueError",
]
assert "more than 1 value per channel when training" in messages["BatchNorm1d"]
assert "more than 1 spatial element" in messages["InstanceNorm2d"]
# --8<-- [end:check]
