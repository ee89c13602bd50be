"""A norm layer raises ValueError when it computes statistics over one value per channel, in either mode."""

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


def raises(layer, shape):
    try:
        layer(torch.randn(shape))
    except ValueError:
        return True
    return False


# The rule: it raises exactly when the statistics it normalises with are
# computed from the input over one value per channel (BatchNorm: batch x
# spatial; InstanceNorm: spatial), in either grad mode.
shapes = {
    1: [(1, 3), (2, 3), (1, 3, 1), (1, 3, 5)],
    2: [(1, 3, 1, 1), (2, 3, 1, 1), (1, 3, 2, 1)],
    3: [(1, 3, 1, 1, 1), (2, 3, 1, 1, 1), (1, 3, 1, 1, 2)],
}
batchnorms = {1: nn.BatchNorm1d, 2: nn.BatchNorm2d, 3: nn.BatchNorm3d}
instancenorms = {
    1: nn.InstanceNorm1d,
    2: nn.InstanceNorm2d,
    3: nn.InstanceNorm3d,
}
for dims, tracking, training, grad in itertools.product(
    (1, 2, 3), (True, False), (True, False), (True, False)
):
    for shape in shapes[dims]:
        values = shape[0] * torch.Size(shape[2:]).numel()  # per channel
        for bn in (
            batchnorms[dims](3, track_running_stats=tracking),
            nn.SyncBatchNorm(3, track_running_stats=tracking),
        ):
            bn.train(training)
            with torch.set_grad_enabled(grad):
                assert raises(bn, shape) == (
                    (training or not tracking) and values == 1
                ), (bn, shape)
        if len(shape) > 2:
            spatial = torch.Size(shape[2:]).numel()
            norm = instancenorms[dims](3, track_running_stats=tracking).train(
                training
            )
            with torch.set_grad_enabled(grad):
                assert raises(norm, shape) == (
                    (training or not tracking) and spatial == 1
                ), (norm, shape)
        late = batchnorms[dims](3)
        late.track_running_stats = False
        assert raises(late.train(training), shape) == (
            training and values == 1
        )
        assert late.running_mean.eq(0).all()  # train mode updated nothing
assert nn.BatchNorm2d(3).track_running_stats  # the defaults
assert not nn.InstanceNorm2d(3).track_running_stats
lazy = nn.LazyBatchNorm1d().train()
assert raises(lazy, (1, 3)) and not raises(lazy.eval(), (1, 3))
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
