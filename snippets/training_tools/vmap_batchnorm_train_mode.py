"""vmap refuses train-mode BatchNorm and InstanceNorm with running stats; the BatchNorm patch skips InstanceNorm."""

# --8<-- [start:show]
import textwrap

import torch
import torch.nn as nn
from torch.func import replace_all_batch_norm_modules_, vmap

torch.manual_seed(0)
xs = torch.randn(5, 8, 3, 4) + 2  # 5 independent batches of 8
seen = set()


def attempt(label, model):
    try:
        vmap(model)(xs)
        print(f"{label}: ok")
    except RuntimeError as error:
        text = "the same" if error.args in seen else f"RuntimeError: {error}"
        print(f"{label}:", *textwrap.wrap(text, 76), sep="\n  ")
        seen.add(error.args)


attempt("BatchNorm, train", nn.BatchNorm1d(3))
attempt("BatchNorm, eval", nn.BatchNorm1d(3).eval())
no_stats = nn.BatchNorm1d(3, track_running_stats=False)
attempt("BatchNorm, track_running_stats=False", no_stats)
patched = replace_all_batch_norm_modules_(nn.BatchNorm1d(3))
attempt("BatchNorm, after replace_all_batch_norm_modules_", patched)
inorm = nn.InstanceNorm1d(3, track_running_stats=True)
replace_all_batch_norm_modules_(inorm)  # leaves InstanceNorm as it was
attempt("InstanceNorm, train, after replace_all_...", inorm)
# --8<-- [end:show]

# Under vmap the running statistics would receive one update per vmapped
# batch: the batch norm batching rule refuses it when running_mean or
# running_var is not batched too (the message comes from the C++ batching
# rule; InstanceNorm goes through the same batch_norm call).
# replace_all_batch_norm_modules_ (torch/_functorch/batch_norm_replacement.py)
# only touches _BatchNorm subclasses: it sets running_mean, running_var and
# num_batches_tracked to None and track_running_stats to False, so eval mode
# no longer uses running statistics. InstanceNorm is left as it was. The check
# covers BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d in both grad modes.
# --8<-- [start:check]
import pytest  # noqa: E402

for make, shape in [
    (nn.BatchNorm1d, (5, 8, 3)),
    (nn.BatchNorm2d, (5, 8, 3, 2, 2)),
    (nn.BatchNorm3d, (5, 8, 3, 2, 2, 2)),
    (nn.InstanceNorm1d, (5, 8, 3, 4)),
    (nn.InstanceNorm2d, (5, 8, 3, 2, 2)),
    (nn.InstanceNorm3d, (5, 8, 3, 2, 2, 2)),
]:
    batches = torch.randn(shape)
    is_bn = "Batch" in make.__name__
    for grad_on in (True, False):
        with torch.set_grad_enabled(grad_on):
            with pytest.raises(RuntimeError, match="were not batched"):
                vmap(make(3, track_running_stats=True))(batches)
            vmap(make(3, track_running_stats=True).eval())(batches)
            vmap(make(3, track_running_stats=False))(batches)
            model = nn.Sequential(make(3, track_running_stats=True))
            layer = replace_all_batch_norm_modules_(model)[0]
            if not is_bn:  # left as it was: still refused in train mode
                assert layer.track_running_stats
                assert layer.running_mean is not None
                with pytest.raises(RuntimeError, match="were not batched"):
                    vmap(layer)(batches)
                continue
            assert not layer.track_running_stats
            assert layer.running_mean is None and layer.running_var is None
            assert layer.num_batches_tracked is None
            vmap(layer)(batches)
            out = layer.eval()(batches[0])
            assert not torch.allclose(out[:4], layer(batches[0][:4]))
assert patched.running_mean is None and patched.num_batches_tracked is None
assert inorm.running_mean is not None and inorm.track_running_stats
# --8<-- [end:check]
