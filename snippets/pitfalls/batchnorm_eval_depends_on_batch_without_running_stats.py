"""In eval mode BatchNorm built with track_running_stats=False still depends on the rest of the batch."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
late = nn.BatchNorm1d(2)
late.track_running_stats = False  # set after construction
layers = {
    "BatchNorm1d(2)": nn.BatchNorm1d(2),
    "BatchNorm1d(2, track_running_stats=False)": nn.BatchNorm1d(
        2, track_running_stats=False
    ),
    "the flag set False after construction": late,
}
sample = torch.tensor([[1.0, 2.0]])
batch_a = torch.cat([sample, torch.randn(3, 2)])
batch_b = torch.cat([sample, torch.randn(3, 2) * 5 + 10])
outputs = {}
for name, layer in layers.items():
    layer.eval()
    with torch.no_grad():
        a, b = layer(batch_a)[0], layer(batch_b)[0]
    outputs[name] = torch.equal(a, b)
    print(f"{name}, eval mode:")
    print("  the sample's output in two batches:", a.tolist() == b.tolist())
    print(
        "  ",
        [round(v, 3) for v in a.tolist()],
        [round(v, 3) for v in b.tolist()],
    )
# --8<-- [end:show]

# --8<-- [start:check]
assert outputs == {
    "BatchNorm1d(2)": True,
    "BatchNorm1d(2, track_running_stats=False)": False,
    "the flag set False after construction": True,
}
# the stale buffers (mean 0, var 1): eval ignores the batch altogether
assert torch.allclose(late(batch_a), batch_a / (1 + late.eps) ** 0.5)
# across the BatchNorm family, both grad modes, eval mode
spatial = {
    nn.BatchNorm1d: (),
    nn.BatchNorm2d: (2, 2),
    nn.BatchNorm3d: (1, 2, 2),
    nn.SyncBatchNorm: (2, 2),
}
for cls, shape in spatial.items():
    for tracking in (True, False):
        layer = cls(2, track_running_stats=tracking).eval()
        xa = torch.randn(4, 2, *shape)
        xb = xa.clone()
        xb[1:] = xb[1:] * 5 + 10
        for grad in (True, False):
            with torch.set_grad_enabled(grad):
                same = torch.equal(layer(xa)[0], layer(xb)[0])
            assert same is tracking, (cls, tracking, grad)
lazy = nn.LazyBatchNorm1d(track_running_stats=False).eval()
assert not torch.equal(lazy(batch_a)[0], lazy(batch_b)[0])
# --8<-- [end:check]
