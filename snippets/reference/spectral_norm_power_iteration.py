"""Both spectral_norm versions refine their estimate of the largest singular value only in train mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.nn.utils import parametrizations, spectral_norm


def raw_weight_and_vectors(linear):
    """The unnormalised weight and the power-iteration vectors u, v of either version."""
    if hasattr(
        linear, "weight_orig"
    ):  # nn.utils.spectral_norm: a forward pre-hook
        return linear.weight_orig, linear.weight_u, linear.weight_v
    parametrization = (
        linear.parametrizations.weight
    )  # parametrizations.spectral_norm
    return (
        parametrization.original,
        parametrization[0]._u,
        parametrization[0]._v,
    )


x = torch.ones(1, 6)
for label, apply in (
    ("nn.utils.spectral_norm", spectral_norm),
    ("parametrizations.spectral_norm", parametrizations.spectral_norm),
):
    torch.manual_seed(0)
    linear = apply(nn.Linear(6, 6))
    weight, _, _ = raw_weight_and_vectors(linear)
    with torch.no_grad():
        weight.copy_(
            torch.randn(6, 6)
        )  # as if an optimizer step had changed it
    true_sigma = torch.linalg.matrix_norm(weight.detach(), ord=2).item()

    estimates = {}
    for mode in ("eval", "train"):
        getattr(linear, mode)()
        estimates[mode] = []
        for _ in range(3):
            with torch.no_grad():
                linear(x)
                weight, u, v = raw_weight_and_vectors(linear)
                estimates[mode].append(
                    round(torch.dot(u, weight @ v).item(), 3)
                )  # sigma = u^T W v
    buffers = [name for name, b in linear.named_buffers() if b is u or b is v]
    print(
        f"{label}: true largest singular value {true_sigma:.3f}; u and v are buffers: {buffers}"
    )
    print(f"  eval mode, three forwards:  {estimates['eval']}")
    print(f"  train mode, three forwards: {estimates['train']}")
    assert (
        len(buffers) == 2
    )  # what train mode changes are buffers, as BatchNorm's running statistics
    assert len(set(estimates["eval"])) == 1
    assert len(set(estimates["train"])) == 3
    assert abs(estimates["train"][-1] - true_sigma) < abs(
        estimates["eval"][-1] - true_sigma
    )
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
