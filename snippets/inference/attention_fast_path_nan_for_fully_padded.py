"""Under no_grad() in eval mode, self-attention on its fast path gives NaN for a fully padded sample."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # nested tensors are a prototype: a note
torch.manual_seed(0)
attention = nn.MultiheadAttention(8, 2, batch_first=True)
layer = nn.TransformerEncoderLayer(8, 2, 16, 0.0, batch_first=True)
x = torch.randn(2, 3, 8)
pad = torch.tensor([[True, True, True], [False, False, True]])  # sample 0
contexts = (torch.enable_grad, torch.no_grad, torch.inference_mode)
results = {}
for mode in ("train", "eval"):
    for context in contexts:
        attention.train(mode == "train"), layer.train(mode == "train")
        with context():
            a = attention(x, x, x, key_padding_mask=pad, need_weights=False)
            out = layer(x, src_key_padding_mask=pad)
        key = mode, context.__name__
        results[key] = a[0][0, 0, 0].item(), out[0, 0, 0].item()
        print(f"{mode:6}{key[1]:15} sample 0:", end=" ")
        print(f"attention {results[key][0]:.3f}, layer {results[key][1]:.3f}")
# --8<-- [end:show]

# need_weights=False is what every Transformer layer passes. The fast path
# runs in eval mode when neither grad mode nor the input and the weights call
# for a gradient, whatever need_weights is; it returns NaN for the fully
# padded sample, the ordinary path a number (attention: 0.0; in torch 2.4.1
# NaN too, with the boolean mask shown). With
# need_weights=True (the default), the ordinary path gives NaN too. The sweep
# in the check of no_grad_keeps_train_behaviour.py asserts the same for
# TransformerEncoderLayer, the decoders and nn.Transformer (a
# TransformerEncoder gives zeros there), and that nothing else differs.
# --8<-- [start:check]
import math  # noqa: E402

old = torch.__version__ < (2, 8)  # 2.4.1: NaN off the fast paths too
for (mode, context), values in results.items():
    fast = mode == "eval" and context != "enable_grad"
    assert all(math.isnan(v) == (fast or old) for v in values), (mode, context)
    if (mode == "train" or not fast) and not old:
        assert values[0] == 0.0
for training in (True, False):  # need_weights=True: NaN in every context
    attention.train(training)
    for context in contexts:
        with context():
            weighted = attention(x, x, x, key_padding_mask=pad)[0]
        assert weighted[0].isnan().all() and weighted[1].isfinite().all()
# need_weights is not a condition of the fast path: count the fused kernel
calls = []
kernel = torch._native_multi_head_attention
torch._native_multi_head_attention = lambda *a: calls.append(1) or kernel(*a)
attention.eval()
for need_weights in (True, False):
    for context in contexts:
        calls.clear()
        with context():
            attention(x, x, x, key_padding_mask=pad, need_weights=need_weights)
        assert bool(calls) == (context is not torch.enable_grad), context
# The fast path, and so the NaN, needs self-attention (query, key and value
# the same tensor), batch_first=True, an even num_heads and no float mask.
# Where one fails, eval under no_grad() takes the ordinary path and gives
# what it gives with grad on (numbers from torch 2.8.0 on).
float_pad = torch.zeros(2, 3).masked_fill(pad, float("-inf"))
xt = x.transpose(0, 1)
seq_first = nn.MultiheadAttention(8, 2)  # batch_first=False
odd = nn.MultiheadAttention(8, 1, batch_first=True)
off_path = {  # module, query, key (and value), padding mask, batch dim
    "float mask": (attention, x, x, float_pad, 0),
    "batch_first=False": (seq_first, xt, xt, pad, 1),
    "cross-attention": (attention, x, x + 0, pad, 0),  # key is not query
    "odd num_heads": (odd, x, x, pad, 0),
}
for name, (module, query, key, mask, batch_dim) in off_path.items():
    module.eval()
    outs = []
    for context in contexts:
        calls.clear()
        with context():
            out = module(
                query, key, key, key_padding_mask=mask, need_weights=False
            )[0]
        assert not calls, (name, context)  # no fused kernel
        outs.append(out.detach().movedim(batch_dim, 0))
    for out in outs[1:]:  # as with grad on
        assert torch.allclose(out, outs[0], atol=1e-6, equal_nan=True), name
    if torch.__version__ >= (2, 8):  # numbers for the fully padded sample
        assert outs[0].isfinite().all(), name
# A TransformerEncoderLayer turns its padding mask into a float one before it
# calls its attention, which so never takes the fast path above: its NaN
# comes from its own fused kernel, which reads a float mask as a boolean one:
# NaN for a boolean mask or any float mask nonzero at every key (-inf, a
# finite minimum; +1 at the padding is read as padding too). Off that
# kernel (tanh, or a hook from torch 2.8.0 on) it gives what it gives with
# grad on. With a finite float mask grad on
# gives numbers in 2.4.1 too. A TransformerDecoderLayer passes its masks on
# to its self-attention, whose fast path gives the NaN when both are boolean
# (or tgt_mask absent); the float causal mask of generate_square_subsequent_
# mask sends it to the ordinary path.
fused = torch._transformer_encoder_layer_fwd
torch._transformer_encoder_layer_fwd = lambda *a: calls.append(2) or fused(*a)
hooked = nn.TransformerEncoderLayer(8, 2, 16, 0.0, batch_first=True)
hooked.register_forward_hook(lambda *args: None)
tanh = nn.TransformerEncoderLayer(
    8, 2, 16, 0.0, activation=torch.tanh, batch_first=True
)
decoder = nn.TransformerDecoderLayer(8, 2, 16, 0.0, batch_first=True)
float_causal = nn.Transformer.generate_square_subsequent_mask(3)
bool_causal = torch.ones(3, 3, dtype=torch.bool).triu(1)


def decode(causal):
    return lambda m, mask: m(
        x, x + 1, tgt_mask=causal, tgt_key_padding_mask=mask
    )


finite = {  # float masks with finite values at the padding
    f"encoder, float {value} mask": torch.zeros(2, 3).masked_fill(pad, value)
    for value in (torch.finfo(torch.float32).min, -1e4)
}
hook_off = torch.__version__ >= (2, 8)  # 2.4.1: no hook test
layers = {  # layer, call, mask, own kernel runs, MHA's fast path runs
    "encoder, float -inf mask": (layer, None, float_pad, True, False),
    **{
        name: (layer, None, mask, True, False) for name, mask in finite.items()
    },
    "encoder, tanh": (tanh, None, pad, False, False),
    "encoder, forward hook": (hooked, None, pad, not hook_off, False),
    "decoder, padding mask": (decoder, decode(None), pad, False, True),
    "decoder, bool causal": (decoder, decode(bool_causal), pad, False, True),
    "decoder, float causal": (
        decoder,
        decode(float_causal),
        pad,
        False,
        False,
    ),
}
for name, (module, call, mask, on_kernel, on_mha) in layers.items():
    call = call or (lambda m, mask: m(x, src_key_padding_mask=mask))
    module.eval()
    outs = []
    for context in contexts:
        calls.clear()
        with context():
            outs.append(call(module, mask).detach())
        fast = context is not torch.enable_grad
        assert calls.count(2) == (fast and on_kernel), (name, context)
        assert calls.count(1) == (fast and on_mha), (name, context)
        nan = fast and (on_kernel or on_mha)
        off_nan = old and name not in finite  # 2.4.1's ordinary path
        assert outs[-1][0].isnan().all() == (nan or off_nan), (name, context)
        # the other sample, and off every fast path the padded one too, as
        # with grad on (numbers from torch 2.8.0 on)
        same = outs[-1] if not nan else outs[-1][1:]
        grad_on = outs[0] if not nan else outs[0][1:]
        assert torch.allclose(same, grad_on, atol=1e-5, equal_nan=True), name
    if torch.__version__ >= (2, 8) or name in finite:
        assert outs[0].isfinite().all(), name
plus_one = torch.zeros(2, 3).masked_fill(pad, 1.0)
layer.eval()
with torch.no_grad():  # the kernel reads +1 at the padding as padding
    read = layer(x, src_key_padding_mask=plus_one)
    as_bool = layer(x, src_key_padding_mask=pad)
assert read[0].isnan().all() and torch.allclose(read[1], as_bool[1])
torch._native_multi_head_attention = kernel
torch._transformer_encoder_layer_fwd = fused
# --8<-- [end:check]
