"""vmap refuses a train-mode BatchNorm with unbatched running statistics; eval mode or no running stats fix it."""

# --8<-- [start:show]
import textwrap

import torch
import torch.nn as nn
from torch.func import replace_all_batch_norm_modules_, vmap

torch.manual_seed(0)
xs = torch.randn(5, 8, 3) + 2  # 5 independent batches of 8


def attempt(label, model):
    try:
        vmap(model)(xs)
        print(f"{label}: ok")
    except RuntimeError as error:
        text = textwrap.fill(f"RuntimeError: {error}", 76)
        print(f"{label}:\n{textwrap.indent(text, '  ')}")


attempt("train mode", nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3)))
attempt("eval mode", nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3)).eval())
no_stats = nn.BatchNorm1d(3, track_running_stats=False)
attempt("train, track_running_stats=False", no_stats)
patched = replace_all_batch_norm_modules_(nn.Sequential(nn.BatchNorm1d(3)))
attempt("train, after replace_all_batch_norm_modules_", patched)
patched.eval()  # no running stats left: eval mode uses the batch's statistics
single = patched(xs[0])
print("patched, eval: batch of 8 vs first 4 of it differ:", end=" ")
print(not torch.allclose(single[:4], patched(xs[0, :4])))
# --8<-- [end:show]

# Under vmap the running statistics would receive one update per vmapped
# batch: BatchNorm's batching rule refuses it when running_mean or running_var
# is not batched too (torch/_functorch/batch_norm_replacement.py shows the
# patch; the message comes from the C++ batching rule). replace_all_batch_norm_
# modules_ sets running_mean and running_var to None and track_running_stats
# to False on every BatchNorm, so eval mode no longer uses running statistics.
# The check covers BatchNorm1d/2d/3d in both grad modes.
# --8<-- [start:check]
import pytest  # noqa: E402

for make, shape in [
    (nn.BatchNorm1d, (5, 8, 3)),
    (nn.BatchNorm2d, (5, 8, 3, 2, 2)),
    (nn.BatchNorm3d, (5, 8, 3, 2, 2, 2)),
]:
    batches = torch.randn(shape)
    for grad_on in (True, False):
        with torch.set_grad_enabled(grad_on):
            with pytest.raises(RuntimeError, match="were not batched"):
                vmap(make(3))(batches)
            vmap(make(3).eval())(batches)
            vmap(make(3, track_running_stats=False))(batches)
            layer = replace_all_batch_norm_modules_(nn.Sequential(make(3)))[0]
            assert layer.running_mean is None and not layer.track_running_stats
            vmap(layer)(batches)
            out = layer.eval()(batches[0])
            assert not torch.allclose(out[:4], layer(batches[0][:4]))
# --8<-- [end:check]
