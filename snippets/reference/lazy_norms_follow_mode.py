"""Lazy norm layers first called outside inference_mode become the regular class and use the mode like it."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
shapes = {1: (4, 3, 5), 2: (4, 3, 5, 5), 3: (4, 3, 2, 5, 5)}  # 3 channels
# the lazy layers built with their defaults (for InstanceNorm: affine=True
# and track_running_stats=True), the regular ones with the same settings
inorm = {"affine": True, "track_running_stats": True}
options = {"BatchNorm": {}, "InstanceNorm": inorm}


def lazy_and_regular(kind, dims):
    lazy = getattr(nn, f"Lazy{kind}{dims}d")()
    return lazy, getattr(nn, f"{kind}{dims}d")(3, **options[kind])


kinds = [(kind, dims) for kind in options for dims in shapes]
print(
    f"{'lazy layer':19} {'becomes':15} {'same in train/eval':19} modes differ"
)
results = []
for kind, dims in kinds:
    lazy, regular = lazy_and_regular(kind, dims)
    name, x = type(lazy).__name__, torch.randn(shapes[dims])
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
    assert lazy.affine and lazy.track_running_stats  # the lazy defaults
    assert (lazy.affine, lazy.track_running_stats) == (
        regular.affine,
        regular.track_running_stats,
    )
    assert torch.allclose(lazy.running_mean, regular.running_mean)
# The exception: a first call under inference_mode() makes the parameters and
# buffers inference tensors, and a later train-mode forward with grad fails
# for all six built with their defaults (each has a weight), where the
# regular class after the same eval pass trains on.
for kind, dims in kinds:
    lazy, regular = lazy_and_regular(kind, dims)
    x = torch.randn(shapes[dims])
    with torch.inference_mode():
        lazy.eval()(x)
        regular.eval()(x)
    assert lazy.running_mean.is_inference()
    assert not regular.running_mean.is_inference()
    regular.train()(x)  # no error
    try:
        lazy.train()(x)
        raise AssertionError(f"{type(lazy).__name__} trained")
    except RuntimeError as error:
        assert "nference tensor" in str(error), error
# With neither affine nor track_running_stats there is nothing to size: the
# layer still becomes the regular class, with the same output, but
# num_features stays 0, and an InstanceNorm then warns at every call (the
# input's channels do not match num_features) where the regular one does not.
import warnings  # noqa: E402

for kind, dims in kinds:
    bare = {"affine": False, "track_running_stats": False}
    lazy = getattr(nn, f"Lazy{kind}{dims}d")(**bare)
    regular = getattr(nn, f"{kind}{dims}d")(3, **bare)
    x = torch.randn(shapes[dims])
    for mode in (True, False):
        for layer in (lazy, regular):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                out = layer.train(mode)(x)
            warned = any("does not match num_features" in str(w.message)
                         for w in caught)  # fmt: skip
            assert warned == (layer is lazy and kind == "InstanceNorm"), layer
            if layer is lazy:
                lazy_out = out
        assert torch.equal(lazy_out, out)
    assert type(lazy) is type(regular) and lazy.num_features == 0
# --8<-- [end:check]
