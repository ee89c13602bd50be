"""grad and jacrev run a train-mode BatchNorm only if its buffers are arguments of the function they transform."""

# --8<-- [start:show]
import textwrap

import torch
import torch.nn as nn
from torch.func import functional_call, grad, jacrev

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
x = torch.randn(8, 3) + 2
params, buffers = dict(model.named_parameters()), dict(model.named_buffers())


def loss(params, buffers):
    return functional_call(model, (params, buffers), (x,)).square().mean()


runs = {
    "buffers as arguments": lambda: grad(loss)(params, buffers),
    "buffers captured": lambda: grad(lambda p: loss(p, buffers))(params),
    "jacrev(model)": lambda: jacrev(model)(x),  # a module captures its own
}
for mode in ("train", "eval"):
    model.train(mode == "train")
    for label, run in runs.items():
        try:
            run()
            print(f"{mode}, {label}: ok")
        except RuntimeError as error:
            lines = textwrap.wrap(f"RuntimeError: {error}", 76)
            print(f"{mode}, {label}:", *lines, sep="\n  ")
# --8<-- [end:show]

# A train-mode BatchNorm updates running_mean, running_var and
# num_batches_tracked in place. Under grad, jacrev or jacfwd an in-place
# update of a tensor the function captures is refused; one passed in as an
# argument is wrapped by the transform and is updated. A module called
# directly (jacrev(model)) captures its buffers. In eval mode nothing is
# updated, so every form runs. The check covers each BatchNorm class, three
# transforms and both grad modes.
# --8<-- [start:check]
import pytest  # noqa: E402
from torch.func import jacfwd  # noqa: E402

assert model[1].num_batches_tracked.item() == 1
assert list(runs) == [
    "buffers as arguments",
    "buffers captured",
    "jacrev(model)",
]
for layer, shape in [
    (nn.BatchNorm1d(3), (8, 3)),
    (nn.BatchNorm2d(3), (8, 3, 2, 2)),
    (nn.BatchNorm3d(3), (8, 3, 2, 2, 2)),
]:
    inputs = torch.randn(shape)

    def f(t, stats, layer=layer):
        return functional_call(layer, stats, (t,)).sum()

    for transform in (grad, jacrev, jacfwd):
        for grad_on in (True, False):
            with torch.set_grad_enabled(grad_on):
                layer.train()
                stats = dict(layer.named_buffers())
                count = layer.num_batches_tracked.item()
                with pytest.raises(RuntimeError, match="mutate a captured"):
                    transform(lambda t, s=stats: f(t, s))(inputs)
                with pytest.raises(RuntimeError, match="mutate a captured"):
                    transform(lambda t, m=layer: m(t).sum())(inputs)
                transform(f)(inputs, stats)
                assert layer.num_batches_tracked.item() == count + 1
                layer.eval()
                transform(lambda t, s=stats: f(t, s))(inputs)
                transform(lambda t, m=layer: m(t).sum())(inputs)
                assert layer.num_batches_tracked.item() == count + 1
# --8<-- [end:check]
