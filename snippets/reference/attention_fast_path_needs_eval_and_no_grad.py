"""The attention fast paths need eval mode, and grad mode off or no input or weight that requires grad."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
calls = []
kernels = ["_native_multi_head_attention", "_transformer_encoder_layer_fwd"]
for name in kernels:  # count calls to the fused kernels of the two fast paths
    kernel = getattr(torch, name)  # forward looks them up on torch each call
    setattr(torch, name, lambda *a, k=kernel: calls.append(1) or k(*a))
mha = nn.MultiheadAttention(embed_dim=4, num_heads=2, batch_first=True)
layer = nn.TransformerEncoderLayer(4, 2, 8, batch_first=True)
x = torch.randn(1, 3, 4)


def fast(module, grad):
    calls.clear()
    with torch.set_grad_enabled(grad):
        module(x, x, x) if module is mha else module(x)
    return bool(calls)


taken = {}
print("mode   grad enabled  MultiheadAttention  TransformerEncoderLayer")
for mode in ("train", "eval"):
    for grad in (True, False):
        a, b = (fast(getattr(m, mode)(), grad) for m in (mha, layer))
        taken[mode, grad] = [a, b]
        print(f"{mode:6} {grad!s:13} {a!s:19} {b}")
frozen = fast(mha.eval().requires_grad_(False), True)
print("eval, grad enabled, parameters frozen:", frozen)
# --8<-- [end:show]

# --8<-- [start:check]
for (mode, grad), flags in taken.items():
    assert flags == [mode == "eval" and not grad] * 2, (mode, grad)
assert frozen
layer.requires_grad_(False)
assert fast(layer.eval(), True)
# Mixed modes: the encoder layer reads only its own flag; its self_attn and
# dropout submodules in train mode do not stop its fast path.
layer.requires_grad_(True).eval()
layer.self_attn.train()
layer.dropout.train()
assert fast(layer, False)
# ...and on its fast path it drops nothing: not in its Dropout modules, not
# in its self_attn's attention weights (self_attn in train mode, p=0.9)
layer.self_attn.dropout = 0.9
drops = (layer.dropout, layer.dropout1, layer.dropout2)
for drop in drops:
    drop.p = 0.9
    drop.train()
with torch.no_grad():
    assert torch.equal(layer(x), layer(x))
assert not torch.equal(layer(x), layer(x))  # grad on: the slow path drops
for drop in drops:
    drop.p = 0.0
assert not torch.equal(layer(x), layer(x))  # the attention's dropout alone
# while MultiheadAttention inside a train-mode parent reads its own flag
model = nn.Sequential(mha).train()
mha.eval()
assert fast(mha, False)
# inference_mode turns grad mode off too
mha.requires_grad_(True).eval()
calls.clear()
with torch.inference_mode():
    mha(x, x, x)
assert calls
# The test is on the input and the weights only: a float mask that requires
# grad does not stop the encoder layer's fast path, whose output then
# requires grad with no backward (home page). MultiheadAttention refuses any
# float mask on its fast path, so the same mask sends it to the slow path.
layer = nn.TransformerEncoderLayer(4, 2, 8, batch_first=True)
layer.eval().requires_grad_(False)
bias = torch.zeros(3, 3, requires_grad=True)  # a learned attention bias
calls.clear()
out = layer(x, src_mask=bias)
assert calls and out.requires_grad
mha.eval().requires_grad_(False)
calls.clear()
assert mha(x, x, x, attn_mask=bias)[0].requires_grad and not calls
# On the encoder layer's fast path a float mask is read as a boolean one:
# a uniform soft bias masks every key, so each query gets NaN; the
# step-by-step path adds the bias, which softmax then ignores.
layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True)
layer.eval()
with torch.no_grad():
    slow = layer(x)
    for value in (0.3, -0.3):
        calls.clear()
        out = layer(x, src_mask=torch.full((3, 3), value))
        assert calls and out.isnan().all(), value
        torch.backends.mha.set_fastpath_enabled(False)
        assert torch.allclose(
            layer(x, src_mask=torch.full((3, 3), value)), slow
        )
        torch.backends.mha.set_fastpath_enabled(True)
    calls.clear()
    blocked = torch.zeros(3, 3).index_fill_(1, torch.tensor([2]), -1e9)
    out = layer(x, src_mask=blocked)  # one key masked in every row: no NaN
    assert calls and not out.isnan().any()
# --8<-- [end:check]
