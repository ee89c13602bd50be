"""Lazy BatchNorm and InstanceNorm layers turn into the regular class at their first call and use the mode like it."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
cases = [  # (lazy layer, regular layer, input with 3 channels)
    (nn.LazyBatchNorm1d(), nn.BatchNorm1d(3), torch.randn(4, 3, 5)),
    (nn.LazyBatchNorm2d(), nn.BatchNorm2d(3), torch.randn(4, 3, 5, 5)),
    (nn.LazyBatchNorm3d(), nn.BatchNorm3d(3), torch.randn(4, 3, 2, 5, 5)),
    (
        nn.LazyInstanceNorm1d(track_running_stats=True),
        nn.InstanceNorm1d(3, track_running_stats=True),
        torch.randn(4, 3, 5),
    ),
    (
        nn.LazyInstanceNorm2d(track_running_stats=True),
        nn.InstanceNorm2d(3, track_running_stats=True),
        torch.randn(4, 3, 5, 5),
    ),
    (
        nn.LazyInstanceNorm3d(track_running_stats=True),
        nn.InstanceNorm3d(3, track_running_stats=True),
        torch.randn(4, 3, 2, 5, 5),
    ),
]
for lazy, regular, x in cases:
    lazy_name = type(lazy).__name__
    with torch.no_grad():
        outputs = [
            (lazy.train()(x), regular.train()(x)),
            (lazy.eval()(x), regular.eval()(x)),
        ]
    same = [torch.allclose(a, b, atol=1e-6) for a, b in outputs]
    modes_differ = not torch.allclose(outputs[0][0], outputs[1][0])
    print(
        f"{lazy_name:19} -> {type(lazy).__name__:14} matches it in train and eval: {all(same)}; modes differ: {modes_differ}"
    )
    assert type(lazy) is type(regular) and all(same) and modes_differ
    assert torch.allclose(lazy.running_mean, regular.running_mean)
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
