"""A vmapped stack_module_state ensemble runs in its base module's modes; the stacked buffers get the updates."""

# --8<-- [start:show]
import copy
import textwrap

import torch
import torch.nn as nn
from torch.func import functional_call, stack_module_state, vmap

torch.manual_seed(0)
layers = lambda: [nn.Linear(3, 3), nn.BatchNorm1d(3), nn.Dropout(0.5)]  # noqa
models = [nn.Sequential(*layers()).eval() for _ in range(3)]
params, buffers = stack_module_state(models)  # copies, stacked on a new dim
base = copy.deepcopy(models[0]).to("meta")  # its modes are the ensemble's
x = torch.randn(8, 3) + 2
one = lambda p, b, x: functional_call(base, (p, b), (x,))  # noqa: E731
out = vmap(one, in_dims=(0, 0, None))(params, buffers, x)
each = torch.stack([m(x) for m in models])
print("eval: ensemble == each model:", torch.allclose(out, each, atol=1e-6))
base.train()
vmap(one, in_dims=(0, 0, None), randomness="different")(params, buffers, x)
counts = buffers["1.num_batches_tracked"].tolist()
print("train, randomness='different': stacked counts", counts, end=", ")
print("models'", [m[1].num_batches_tracked.item() for m in models])
try:
    vmap(one, in_dims=(0, 0, None))(params, buffers, x)
except RuntimeError as error:
    print(
        "train, default randomness:",
        *textwrap.wrap(str(error), 76),
        sep="\n  ",
    )
# --8<-- [end:show]

# stack_module_state returns new stacked tensors (torch/_functorch/
# functional_call.py), so the models share nothing with them. vmap batches the
# stacked running statistics, so a train-mode BatchNorm can update them (one
# row per model); Dropout in train mode needs vmap's randomness flag. The
# flags read are the base module's: set them with base.train() / base.eval().
# The check runs the ensemble in both grad modes and in mixed base modes.
# --8<-- [start:check]
for grad_on in (True, False):
    params, buffers = stack_module_state(models)
    with torch.set_grad_enabled(grad_on):
        base.eval()
        ens = vmap(one, in_dims=(0, 0, None))(params, buffers, x)
        assert torch.allclose(ens, each, atol=1e-6)
        base[2].train()  # mixed: Dropout on in an eval base
        run = vmap(one, in_dims=(0, 0, None), randomness="different")
        before = buffers["1.running_mean"].clone()
        assert (run(params, buffers, x) == 0).any()
        assert torch.equal(buffers["1.running_mean"], before)  # BN in eval
        base.train()
        run(params, buffers, x)
        assert not torch.equal(buffers["1.running_mean"], before)
assert all(m[1].num_batches_tracked.item() == 0 for m in models)
assert all(not m.training for model in models for m in model.modules())
# --8<-- [end:check]
