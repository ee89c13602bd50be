"""On the eval fast path a 3-D bool attn_mask gives the slow path's result; a mis-shaped one, another error."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
calls = []
kernel = torch._native_multi_head_attention
torch._native_multi_head_attention = lambda *a: calls.append(1) or kernel(*a)
torch.set_grad_enabled(False)
mha = nn.MultiheadAttention(4, 2, batch_first=True).eval()  # 2 heads
x = torch.randn(2, 3, 4)  # batch 2: the mask is (2 * 2 heads, 3, 3)
mask = (torch.rand(4, 3, 3) > 0.5).index_fill(2, torch.tensor(0), False)
runs = {}
for masks in (mask, mask[:2]):  # mask[:2] has the wrong shape (2, 3, 3)
    for enabled in (True, False):  # the fast path allowed, then not
        torch.backends.mha.set_fastpath_enabled(enabled)
        calls.clear()
        try:
            out = mha(x, x, x, attn_mask=masks)
        except RuntimeError as error:
            out = str(error)
        runs[len(masks), enabled] = bool(calls), out
(taken, fast), (_, slow) = runs[4, True], runs[4, False]
same = [torch.allclose(a, b, atol=1e-6) for a, b in zip(fast, slow)]
print("bool (4, 3, 3) mask: fast path taken:", taken)
print("  output and weights equal the slow path's:", same)
print(
    "bool (2, 3, 3) mask, wrong shape:\n  fast path error:", runs[2, True][1]
)
slow_error = runs[2, False][1].replace(", but", ",\n                   but")
print("  slow path error:", slow_error)
# --8<-- [end:show]

# --8<-- [start:check]


def both_paths(attn_mask):
    """(fast path taken, output or error) with the fast path on, then off."""
    results = []
    for enabled in (True, False):
        torch.backends.mha.set_fastpath_enabled(enabled)
        calls.clear()
        try:
            out = mha(x, x, x, attn_mask=attn_mask)
            results.append((bool(calls), out))
        except RuntimeError as error:
            results.append((bool(calls), str(error)))
    torch.backends.mha.set_fastpath_enabled(True)
    return results


assert same == [True, True]
assert not mask[..., 0].any()  # every query may see the first key
# the fast path ran for the per-head mask, and matched the slow path
(taken, fast), (off, slow) = both_paths(mask)
assert taken and not off
assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(fast, slow))
# also per-head weights, and with a key_padding_mask added
for extra in (
    {"average_attn_weights": False},
    {"key_padding_mask": torch.tensor([[False, False, True]] * 2)},
):
    outs = []
    for enabled in (True, False):
        torch.backends.mha.set_fastpath_enabled(enabled)
        calls.clear()
        outs.append(mha(x, x, x, attn_mask=mask, **extra))
        assert bool(calls) == enabled
    assert all(torch.allclose(a, b, atol=1e-6) for a, b in zip(*outs))
torch.backends.mha.set_fastpath_enabled(True)
# the wrong shape: both refuse, with different messages
(taken, fast), (_, slow) = both_paths(torch.zeros(2, 3, 3, dtype=torch.bool))
assert fast == "For mask_type == 2 mask shape should match input shape"
assert slow.startswith(
    "The shape of the 3D attn_mask is torch.Size([2, 3, 3])"
)
# a float 3-D mask takes no fast path at all
float_mask = torch.zeros(4, 3, 3).masked_fill(mask, float("-inf"))
(taken, fast), (_, slow) = both_paths(float_mask)
assert not taken and torch.allclose(fast[0], slow[0])
# That is MultiheadAttention's rule: a TransformerEncoderLayer's fused kernel
# does take a float mask.
fused = torch._transformer_encoder_layer_fwd
torch._transformer_encoder_layer_fwd = lambda *a: calls.append(1) or fused(*a)
layer = nn.TransformerEncoderLayer(4, 2, 8, batch_first=True).eval()
calls.clear()
layer(x, src_mask=torch.zeros(3, 3).masked_fill(mask[0], float("-inf")))
torch._transformer_encoder_layer_fwd = fused
assert calls
assert torch.backends.mha.get_fastpath_enabled()
# a mask whose size does not even divide: the fast path's view fails
(taken, fast), (_, slow) = both_paths(torch.zeros(1, 3, 3, dtype=torch.bool))
assert "is invalid for input of size 9" in fast
assert slow.startswith(
    "The shape of the 3D attn_mask is torch.Size([1, 3, 3])"
)
# --8<-- [end:check]
