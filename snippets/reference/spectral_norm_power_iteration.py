"""spectral_norm updates u and v by power iteration only in train mode: per forward, or per .weight read."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.nn.utils import parametrizations, spectral_norm

torch.manual_seed(0)
x = torch.ones(1, 6)
versions = {
    "nn.utils.spectral_norm": spectral_norm,
    "parametrizations.spectral_norm": parametrizations.spectral_norm,
}
changed = {}
print(f"{'u or v changed by':36} {'a forward':>10} {'reading .weight':>16}")
for label, apply in versions.items():
    linear = apply(nn.Linear(6, 6))  # its buffers: u and v, nothing else
    for mode in ("train", "eval"):
        getattr(linear, mode)()
        results = []
        for action in (lambda m: m(x), lambda m: m.weight):
            before = [b.clone() for b in linear.buffers()]
            action(linear)
            after = list(linear.buffers())
            results.append(not all(map(torch.equal, before, after)))
        changed[label, mode] = results
        row = f"{label}, {mode}"
        print(f"{row:36} {results[0]!s:>10} {results[1]!s:>16}")
# --8<-- [end:show]

# --8<-- [start:check]


def vectors(linear):
    """The power-iteration vectors u, v of either version."""
    if hasattr(linear, "weight_u"):  # nn.utils.spectral_norm: a pre-hook
        return linear.weight_u, linear.weight_v
    sn = linear.parametrizations.weight[0]  # parametrizations.spectral_norm
    return sn._u, sn._v


hook, param = "nn.utils.spectral_norm", "parametrizations.spectral_norm"
assert changed[hook, "train"] == [True, False]  # computed in a pre-hook
assert changed[param, "train"] == [True, True]  # computed on each access
assert changed[hook, "eval"] == changed[param, "eval"] == [False, False]
# u and v are buffers, and both grad modes behave the same
for apply in (spectral_norm, parametrizations.spectral_norm):
    linear = apply(nn.Linear(6, 6))
    names = [
        n
        for n, b in linear.named_buffers()
        if any(b is v for v in vectors(linear))
    ]
    assert len(names) == 2 == len(list(linear.buffers()))
    for grad in (True, False):
        with torch.set_grad_enabled(grad):
            linear.train()
            u = vectors(linear)[0].clone()
            linear(x)
            assert not torch.equal(u, vectors(linear)[0])
            linear.eval()
            u = vectors(linear)[0].clone()
            linear(x)
            assert torch.equal(u, vectors(linear)[0])
# --8<-- [end:check]
