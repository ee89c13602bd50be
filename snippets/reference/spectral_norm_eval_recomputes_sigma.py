"""In eval mode spectral_norm stores no sigma: it recomputes u·(W v) from the current weight with the kept u, v."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.nn.utils import parametrizations, spectral_norm

torch.manual_seed(0)
x = torch.eye(6)  # the output of this input is the effective weight (+ bias)
used = {}
for label, apply in (
    ("nn.utils.spectral_norm", spectral_norm),
    ("parametrizations.spectral_norm", parametrizations.spectral_norm),
):
    linear = apply(nn.Linear(6, 6)).eval()
    raw = getattr(linear, "weight_orig", None)  # the hook version's weight
    if raw is None:
        raw = linear.parametrizations.weight.original
    used[label] = []
    for _ in range(2):
        with torch.no_grad():
            effective = (linear(x) - linear.bias).T  # W / sigma
            used[label].append((raw / effective).mean().item())  # = sigma
            raw.add_(torch.randn(6, 6))  # as if an optimizer step ran
    print(f"{label}, eval mode:")
    print(
        "  sigma used before and after a weight change:",
        [round(s, 3) for s in used[label]],
    )
# --8<-- [end:show]

# --8<-- [start:check]


def weight_and_vectors(linear):
    """The raw weight and the power-iteration vectors u, v, either version."""
    if hasattr(linear, "weight_orig"):  # nn.utils.spectral_norm
        return linear.weight_orig, linear.weight_u, linear.weight_v
    p = linear.parametrizations.weight
    return p.original, p[0]._u, p[0]._v


for label, (before, after) in used.items():
    assert abs(before - after) > 0.1, label  # recomputed, not stored
# and it is exactly u·(W v) with the kept u, v, for the current weight
for apply in (spectral_norm, parametrizations.spectral_norm):
    torch.manual_seed(1)
    linear = apply(nn.Linear(6, 6)).eval()
    with torch.no_grad():
        for _ in range(2):
            raw, u, v = weight_and_vectors(linear)
            u0, v0 = u.clone(), v.clone()
            effective = (linear(x) - linear.bias).T
            sigma = torch.dot(u, raw @ v)
            assert torch.allclose(effective, raw / sigma, atol=1e-5)
            assert torch.equal(u, u0) and torch.equal(v, v0)
            raw.add_(torch.randn(6, 6))
# When: nn.utils.spectral_norm computes .weight in its forward pre-hook, so
# read between forwards (after a step, for logging, say) it is still the last
# forward's; the parametrization computes it at every access. Both modes.
for mode in (True, False):
    for apply in (spectral_norm, parametrizations.spectral_norm):
        torch.manual_seed(2)
        linear = apply(nn.Linear(6, 6)).train(mode)
        with torch.no_grad():
            linear(x)
            raw, u, v = weight_and_vectors(linear)
            raw.add_(torch.randn(6, 6))
            read = linear.weight.clone()  # u, v now as this read left them
            current = raw / torch.dot(u, raw @ v)
            fresh = torch.allclose(read, current, atol=1e-5)
            assert fresh == (apply is not spectral_norm), (apply, mode)
            linear(x)  # the next forward brings the hook version up to date
            assert torch.allclose(linear.weight, raw / torch.dot(u, raw @ v))
# Before its first forward, nn.utils.spectral_norm's .weight is weight_orig's
# own data: unnormalised, the same storage.
fresh_layer = spectral_norm(nn.Linear(6, 6))
assert torch.equal(fresh_layer.weight, fresh_layer.weight_orig)
assert fresh_layer.weight.data_ptr() == fresh_layer.weight_orig.data_ptr()
# --8<-- [end:check]
