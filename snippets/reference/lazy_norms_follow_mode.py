"""Lazy BatchNorm and InstanceNorm layers become the regular class at their first call and use the mode like it."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
shapes = {1: (4, 3, 5), 2: (4, 3, 5, 5), 3: (4, 3, 2, 5, 5)}  # 3 channels
print(
    f"{'lazy layer':19} {'becomes':15} {'same in train/eval':19} modes differ"
)
results = []
for kind, options in (
    ("BatchNorm", {}),
    ("InstanceNorm", {"track_running_stats": True}),
):
    for dims, shape in shapes.items():
        lazy = getattr(nn, f"Lazy{kind}{dims}d")(**options)
        regular = getattr(nn, f"{kind}{dims}d")(3, **options)
        name, x = type(lazy).__name__, torch.randn(shape)
        train = lazy.train()(x), regular.train()(x)
        evals = lazy.eval()(x), regular.eval()(x)
        same = all(torch.allclose(a, b, atol=1e-6) for a, b in (train, evals))
        differ = not torch.allclose(train[0], evals[0])
        results.append((lazy, regular, same, differ))
        print(f"{name:19} {type(lazy).__name__:15} {same!s:19} {differ}")
# --8<-- [end:show]

# --8<-- [start:check]
for lazy, regular, same, differ in results:
    assert type(lazy) is type(regular) and same and differ
    assert torch.allclose(lazy.running_mean, regular.running_mean)
# --8<-- [end:check]
