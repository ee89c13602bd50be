"""MultiheadAttention and TransformerEncoderLayer take their fast path only in eval mode with no gradient to record."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
calls = []


def count_calls(kernel_name):
    """Wrap a fused kernel of the fast path; forward looks it up on torch at each call."""
    original = getattr(torch, kernel_name)

    def counted(*args, **kwargs):
        calls.append(kernel_name)
        return original(*args, **kwargs)

    setattr(torch, kernel_name, counted)


count_calls("_native_multi_head_attention")  # MultiheadAttention's fast path
count_calls(
    "_transformer_encoder_layer_fwd"
)  # TransformerEncoderLayer's fast path

mha = nn.MultiheadAttention(embed_dim=4, num_heads=2, batch_first=True)
layer = nn.TransformerEncoderLayer(
    d_model=4, nhead=2, dim_feedforward=8, batch_first=True
)
x = torch.randn(1, 3, 4)


def fast_path_taken(module, mode, grad):
    calls.clear()
    getattr(module, mode)()
    with torch.set_grad_enabled(grad):
        module(x, x, x) if module is mha else module(x)
    return bool(calls)


print(
    f"{'mode':6} {'grad enabled':13} {'MultiheadAttention':19} TransformerEncoderLayer"
)
for mode in ("train", "eval"):
    for grad in (True, False):
        taken = [
            fast_path_taken(module, mode, grad) for module in (mha, layer)
        ]
        print(f"{mode:6} {grad!s:13} {taken[0]!s:19} {taken[1]}")
        assert taken == [mode == "eval" and not grad] * 2

# Grad enabled is fine when nothing needs a gradient: freeze the parameters.
mha.requires_grad_(False)
frozen = fast_path_taken(mha, "eval", True)
print("eval, grad enabled, parameters frozen:", frozen)
# --8<-- [end:show]

# --8<-- [start:check]
assert frozen
# --8<-- [end:check]
