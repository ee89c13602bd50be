"""Autocast casts by op, not by mode: a layer that runs other ops in eval mode gets other dtypes (CPU, bfloat16)."""

# --8<-- [start:show]
import torch
from torch import nn

torch.manual_seed(0)
encoder = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
layers = {  # each with an input of the shape it expects
    "Linear": (nn.Linear(8, 8), torch.randn(3, 8)),
    "BatchNorm1d": (nn.BatchNorm1d(8), torch.randn(3, 8)),
    "Dropout": (nn.Dropout(), torch.randn(3, 8)),
    "TransformerEncoderLayer": (encoder, torch.randn(2, 3, 8)),
}
seen = {}
cases = ["train/on", "train/off", "eval/on", "eval/off"]
print(f"{'mode/grad:':24}" + " ".join(f"{c:9}" for c in cases).rstrip())
for name, (layer, x) in layers.items():
    for mode in (True, False):
        for grad in (True, False):
            with torch.set_grad_enabled(grad):
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    out = layer.train(mode)(x)
            seen[name, mode, grad] = str(out.dtype).removeprefix("torch.")
    row = [seen[name, m, g] for m in (True, False) for g in (True, False)]
    print(f"{name:24}" + " ".join(f"{d:9}" for d in row).rstrip())
# --8<-- [end:show]

# --8<-- [start:check]
modes = [(m, g) for m in (True, False) for g in (True, False)]


def dtypes(layer, *inputs):
    """Output dtype under CPU bfloat16 autocast, per mode and grad mode."""
    got = {}
    for mode, grad in modes:
        with torch.set_grad_enabled(grad):
            with torch.autocast("cpu", dtype=torch.bfloat16):
                out = layer.train(mode)(*inputs)
        got[mode, grad] = (out[0] if isinstance(out, tuple) else out).dtype
    return got


# Layers that run the same ops in both modes: one dtype in all four cases.
same_ops = [
    (nn.Linear(8, 8), torch.randn(3, 8)),
    (nn.Conv1d(8, 8, 3), torch.randn(2, 8, 5)),
    (nn.BatchNorm1d(8), torch.randn(3, 8)),
    (nn.LayerNorm(8), torch.randn(3, 8)),
    (nn.Dropout(), torch.randn(3, 8)),
    (nn.RReLU(), torch.randn(3, 8)),
    (
        nn.Sequential(nn.Linear(8, 8), nn.BatchNorm1d(8), nn.Dropout()),
        torch.randn(3, 8),
    ),
]
for layer, x in same_ops:
    assert len(set(dtypes(layer, x).values())) == 1, layer
assert dtypes(nn.Linear(8, 8), torch.randn(3, 8))[True, True] == torch.bfloat16

# TransformerEncoderLayer in eval mode without grad takes its fast path, whose
# guard asks torch.is_autocast_enabled() with no device: CUDA only, so False
# inside CPU autocast. The fast path returns bfloat16; the other three float32.
for name, mode, grad in seen:
    expected = (
        "bfloat16"
        if name == "TransformerEncoderLayer" and not (mode or grad)
        else ("float32" if name != "Linear" else "bfloat16")
    )
    assert seen[name, mode, grad] == expected, (name, mode, grad)
# The fast path needs batch_first; without it all four cases give float32.
layer = nn.TransformerEncoderLayer(8, 2, 16)
assert set(dtypes(layer, torch.randn(3, 2, 8)).values()) == {torch.float32}
with torch.autocast("cpu", dtype=torch.bfloat16):
    assert torch.is_autocast_enabled("cpu") and not torch.is_autocast_enabled()

# The same under inference_mode(), with a padding mask on the layer, and for
# a whole TransformerEncoder given no padding mask (nested-tensor path on or
# off) or given one with that path off. An encoder that takes that path with
# a padding mask raises instead (the inference page).
x = torch.randn(2, 5, 8)  # the second sample is padded at the end
pad = torch.tensor([[False] * 5, [False] * 3 + [True] * 2])
stack = nn.TransformerEncoder(encoder, 2)
flat = nn.TransformerEncoder(encoder, 2, enable_nested_tensor=False)
calls = [
    lambda: encoder(x),
    lambda: encoder(x, src_key_padding_mask=pad),
    lambda: stack(x),
    lambda: flat(x),
    lambda: flat(x, src_key_padding_mask=pad),
]
contexts = (torch.enable_grad, torch.no_grad, torch.inference_mode)
for mode in (True, False):
    for model in (encoder, stack, flat):
        model.train(mode)
    for context in contexts:
        fast = not mode and context is not torch.enable_grad
        for call in calls:
            with context(), torch.autocast("cpu", dtype=torch.bfloat16):
                dtype = call().dtype
            assert dtype == (torch.bfloat16 if fast else torch.float32)

# What decides is the fused fast path, not grad mode: frozen weights take it
# with grad on too (bfloat16); a layer whose fast path is off for another
# reason (an odd nhead, a silu activation) gives float32 even without grad.
frozen = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
frozen.requires_grad_(False)
got = dtypes(frozen, torch.randn(2, 3, 8))
assert got == {
    (True, True): torch.float32,
    (True, False): torch.float32,
    (False, True): torch.bfloat16,
    (False, False): torch.bfloat16,
}, got
# A layer off the fast path keeps the bfloat16 it is given: an encoder whose
# first layer is frozen (fast path) and second trains returns bfloat16 with
# grad on; a float32 input to that trainable layer alone gives float32.
mixed = nn.TransformerEncoder(frozen, 2, enable_nested_tensor=False).eval()
mixed.layers[1].requires_grad_(True)
x = torch.randn(2, 3, 8)
with torch.autocast("cpu", dtype=torch.bfloat16):
    assert mixed(x).dtype == torch.bfloat16
    assert mixed.layers[1](x).dtype == torch.float32
    assert mixed.layers[1](x.bfloat16()).dtype == torch.bfloat16
for other in (
    nn.TransformerEncoderLayer(9, 3, 16, batch_first=True),
    nn.TransformerEncoderLayer(
        8, 2, 16, activation=nn.functional.silu, batch_first=True
    ),
):
    x = torch.randn(2, 3, other.self_attn.embed_dim)
    assert set(dtypes(other, x).values()) == {torch.float32}, other
# --8<-- [end:check]
