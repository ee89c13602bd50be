"""After registration, spectral_norm iterates u and v only in train mode: per forward, or per .weight read."""

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
# parametrizations.spectral_norm, two exceptions to "every read iterates":
# inside parametrize.cached() the weight is computed once, so only the first
# read iterates...
from torch.nn.utils import parametrize  # noqa: E402

linear = parametrizations.spectral_norm(nn.Linear(6, 6)).train()
with parametrize.cached():
    u = vectors(linear)[0].clone()
    _ = linear.weight
    assert not torch.equal(u, vectors(linear)[0])  # the first read iterates
    u = vectors(linear)[0].clone()
    _ = (linear.weight, linear(x), linear.weight)
    assert torch.equal(u, vectors(linear)[0])  # later reads do not
u = vectors(linear)[0].clone()
_ = linear.weight
assert not torch.equal(u, vectors(linear)[0])  # outside it, each read does
# ...and a 1-D weight has no u or v: it is divided by its norm, in either mode


class Scale(nn.Module):
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.tensor([3.0, -4.0, 1.0, 2.0]))


scale = parametrizations.spectral_norm(Scale())
assert list(scale.buffers()) == []
train_w, eval_w = scale.train().weight, scale.eval().weight
raw = scale.parametrizations.weight.original
assert torch.equal(train_w, eval_w)
assert torch.allclose(eval_w, raw / raw.norm())
# Registration: parametrizations.spectral_norm runs 15 iterations from its
# random start when it is built (nn/utils/parametrizations.py:439), in either
# mode of the host; nn.utils.spectral_norm runs none, so a layer registered
# and used only in eval mode divides by u.(W v) of random u, v, which can be
# negative. Replaying the random numbers gives the start both draw.
import torch.nn.functional as F  # noqa: E402

old_sigmas = []
for seed in range(4):
    for apply in (spectral_norm, parametrizations.spectral_norm):
        for mode in (True, False):
            torch.manual_seed(seed)
            linear = nn.Linear(6, 5).train(mode)
            raw = linear.weight.detach().clone()
            state = torch.get_rng_state()
            u0 = F.normalize(torch.randn(5), dim=0, eps=1e-12)
            v0 = F.normalize(torch.randn(6), dim=0, eps=1e-12)
            torch.set_rng_state(state)
            apply(linear)
            u, v = (t.clone() for t in vectors(linear))
            top = torch.linalg.svdvals(raw)[0]
            if apply is spectral_norm:  # the random start, kept in eval mode
                assert torch.equal(u, u0) and torch.equal(v, v0)
                if not mode:
                    out = linear(x)
                    assert torch.equal(vectors(linear)[0], u0)
                    sigma = torch.dot(u0, raw @ v0)
                    assert torch.allclose(linear.weight, raw / sigma)
                    assert torch.allclose(
                        out, F.linear(x, raw / sigma, linear.bias)
                    )
                    old_sigmas.append(float(sigma))
            else:  # iterated already: sigma is near the top singular value
                assert not torch.equal(u, u0)
                sigma = torch.dot(u, raw @ v)
                assert torch.allclose(sigma, top, rtol=1e-3), (
                    seed,
                    sigma,
                    top,
                )
                assert torch.allclose(linear.eval().weight, raw / sigma)
assert min(old_sigmas) < 0  # a negative sigma flips the layer's sign
# How many steps registration runs: 15 when the parametrization is built, and
# on a train-mode host n_power_iterations more, when register_parametrization
# calls it once to check it.
SpectralNorm = parametrizations._SpectralNorm
power_method = SpectralNorm._power_method
for mode in (True, False):
    for n in (1, 3):
        steps = []
        SpectralNorm._power_method = lambda self, w, k, steps=steps: (
            steps.append(k) or power_method(self, w, k)
        )
        try:
            parametrizations.spectral_norm(
                nn.Linear(6, 5).train(mode), n_power_iterations=n
            )
        finally:
            SpectralNorm._power_method = power_method
        assert steps == ([15, n] if mode else [15]), (mode, n, steps)
# --8<-- [end:check]
