"""Checkpointing keeps Dropout's mask in recomputation only with preserve_rng_state=True, its default."""

# --8<-- [start:show]
import torch
from torch.utils.checkpoint import checkpoint

layer = torch.nn.Sequential(torch.nn.Linear(8, 8), torch.nn.Dropout(0.5))
x = torch.ones(4, 8)


def grads(**options):
    torch.manual_seed(0)  # the same forward mask for every run
    layer.zero_grad()
    if options:
        out = checkpoint(layer, x.requires_grad_(), **options)
    else:
        out = layer(x)  # no checkpoint: the reference
    out.sum().backward()
    return layer[0].weight.grad.clone()


reference = grads()
seen = {}
for reentrant in (True, False):
    for preserve in (True, False):
        got = grads(use_reentrant=reentrant, preserve_rng_state=preserve)
        same = torch.equal(got, reference)
        seen[reentrant, preserve] = same
        how = (
            f"use_reentrant={reentrant!s:5}, preserve_rng_state={preserve!s:5}"
        )
        print(f"{how}: grads as without it: {same}")
# --8<-- [end:show]

# --8<-- [start:check]
assert seen == {(r, p): p for r in (True, False) for p in (True, False)}
# --8<-- [end:check]
