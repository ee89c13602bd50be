"""Given is_causal=True and no mask, attention raises, except on the eval fast path: there it sees later tokens."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # the encoder's nested-tensor notice
torch.manual_seed(0)
x = torch.randn(2, 5, 8)  # (batch, sequence, features)
changed = x.clone()
changed[:, 1:] += 1  # change every token after the first
mha = nn.MultiheadAttention(8, 2, batch_first=True).eval()
layer = nn.TransformerEncoderLayer(8, 2, 16, 0.0, batch_first=True).eval()
encoder = nn.TransformerEncoder(layer, 2).eval()
calls = {  # each told the attention is causal, and given no mask
    "MultiheadAttention": lambda x: mha(x, x, x, is_causal=True)[0],
    "TransformerEncoderLayer": lambda x: layer(x, is_causal=True),
    "TransformerEncoder": lambda x: encoder(x, is_causal=True),
}
results = {}
for name, call in calls.items():
    for grad in (True, False):
        with torch.set_grad_enabled(grad):
            try:
                first = call(x)[:, 0]  # the first token's output
                sees = not torch.allclose(first, call(changed)[:, 0])
                results[name, grad] = f"runs; first token sees later: {sees}"
            except RuntimeError as error:
                results[name, grad] = str(error).split(".")[0]
        print(f"{name}, grad {'on' if grad else 'off'}:")
        print(f"  {results[name, grad]}")
# --8<-- [end:show]

# Dropout is 0 so that, in train mode too, only the mask decides what the
# first token sees. The check runs every call in both modes, with grad on, under no_grad() and
# under inference_mode(), and with the encoder's nested-tensor path on and
# off; then with the causal mask passed as well, which fixes it.
# --8<-- [start:check]
RAISES = "Need attn_mask if specifying the is_causal hint"
SEES = "runs; first token sees later: True"
for name in calls:
    assert results[name, True] == RAISES, (name, results[name, True])
    assert results[name, False] == SEES, (name, results[name, False])

mask = nn.Transformer.generate_square_subsequent_mask(5)


def outcome(call, mode, context, masked):
    """What call gives in that mode and grad context, with or without mask."""
    kwargs = {"is_causal": True, **({"mask": mask} if masked else {})}
    with context():
        try:
            first = call(x, mode, **kwargs)[:, 0]
            if not torch.allclose(first, call(changed, mode, **kwargs)[:, 0]):
                return "sees later"
            return "causal"
        except RuntimeError as error:
            assert RAISES in str(error), error
            return "raises"


def attention(x, mode, mask=None, **kwargs):
    return mha.train(mode)(x, x, x, attn_mask=mask, **kwargs)[0]


def one_layer(x, mode, mask=None, **kwargs):
    return layer.train(mode)(x, src_mask=mask, **kwargs)


stacks = [  # the nested-tensor path on (the default) and off
    nn.TransformerEncoder(layer, 2, enable_nested_tensor=nested)
    for nested in (True, False)
]
models = [attention, one_layer] + [
    lambda x, mode, s=s, **kwargs: s.train(mode)(x, **kwargs) for s in stacks
]
contexts = (torch.enable_grad, torch.no_grad, torch.inference_mode)


def sweep(calls):
    """Each call: hint alone sees later only on the fast path, else raises."""
    for call in calls:
        for mode in (True, False):
            for context in contexts:
                fast = not mode and context is not torch.enable_grad
                expected = "sees later" if fast else "raises"
                assert outcome(call, mode, context, False) == expected
                assert outcome(call, mode, context, True) == "causal"


sweep(models)

# The fast path is what decides, not grad mode: with grad on, frozen weights
# and an input that needs no grad take it too (eval mode), and see later
# tokens; without batch_first there is no fast path, so every context raises.
for module in (mha, layer, *stacks):
    module.requires_grad_(False)
for call in models:
    for mode in (True, False):
        expected = "raises" if mode else "sees later"
        assert outcome(call, mode, torch.enable_grad, False) == expected
for module in (mha, layer, *stacks):
    module.requires_grad_(True)
# What decides is each MultiheadAttention's own fast path: a layer whose
# feed-forward block and norms train (attention frozen), or whose fused
# kernel is off (a silu activation), still drops the hint in eval mode.
ffn_trains = nn.TransformerEncoderLayer(8, 2, 16, 0.0, batch_first=True)
ffn_trains.self_attn.requires_grad_(False)
silu = nn.TransformerEncoderLayer(
    8, 2, 16, 0.0, activation=nn.functional.silu, batch_first=True
)


def encoding(module, **extra):
    def call(x, mode, mask=None, **kwargs):
        return module.train(mode)(x, src_mask=mask, **extra, **kwargs)

    return call


for model, context in ((ffn_trains, torch.enable_grad), (silu, torch.no_grad)):
    call = encoding(model)
    assert outcome(call, False, context, False) == "sees later"
    assert outcome(call, True, context, False) == "raises"
    assert outcome(call, False, context, True) == "causal"

# Two fused paths drop the hint: the encoder layer's own kernel (its own
# flag, its own conditions), else its attention's. So with a boolean padding
# mask (which the layer turns into a float mask, and a float mask turns the
# attention's path off), or with the layer in eval mode but its self_attn in
# train mode, the layer's kernel still drops it, and the silu layer (kernel
# off) raises.
pad = torch.tensor([[False] * 5, [False] * 3 + [True] * 2])
for model, expected in ((layer, "sees later"), (silu, "raises")):
    padded = encoding(model, src_key_padding_mask=pad)
    assert outcome(padded, False, torch.no_grad, False) == expected, model
    model.self_attn.train()
    with torch.no_grad():
        try:
            sees = not torch.allclose(
                model(x, is_causal=True)[:, 0],
                model(changed, is_causal=True)[:, 0],
            )
            result = "sees later" if sees else "causal"
        except RuntimeError as error:
            assert RAISES in str(error), error
            result = "raises"
    assert result == expected, (model, result)
    model.eval()
# With grad on, the attention's path needs its own input free of grad: in a
# stack whose feed-forward blocks train, the second layer's input requires
# grad, and the call raises; so does a padding mask (a float mask for it).
two = nn.TransformerEncoder(ffn_trains, 2, enable_nested_tensor=False)
for module in two.layers:
    module.self_attn.requires_grad_(False)


def stacked(x, mode, mask=None, **kwargs):
    return two.train(mode)(x, mask=mask, **kwargs)


assert outcome(stacked, False, torch.enable_grad, False) == "raises"
padded = encoding(ffn_trains, src_key_padding_mask=pad)
assert outcome(padded, False, torch.enable_grad, False) == "raises"
pre_norm = nn.TransformerEncoderLayer(
    8, 2, 16, 0.0, batch_first=True, norm_first=True
)
pre_norm.requires_grad_(False).norm1.requires_grad_(True)  # before attention
assert outcome(encoding(pre_norm), False, torch.enable_grad, False) == "raises"

# The decoders too, told tgt_is_causal=True without a tgt_mask: their
# self-attention is a MultiheadAttention called on (x, x, x).
memory = torch.randn(2, 3, 8)
dec_layer = nn.TransformerDecoderLayer(8, 2, 16, 0.0, batch_first=True)
decoder = nn.TransformerDecoder(dec_layer, 2)
whole = nn.Transformer(8, 2, 1, 1, 16, 0.0, batch_first=True)


def decoding(module):
    def call(x, mode, mask=None, **kwargs):
        kwargs = {"tgt_is_causal": kwargs["is_causal"], "tgt_mask": mask}
        if module is whole:
            return whole.train(mode)(memory, x, **kwargs)
        return module.train(mode)(x, memory, **kwargs)

    return call


sweep(map(decoding, (dec_layer, decoder, whole)))

seq_first = x.transpose(0, 1)  # (sequence, batch, features)
later = changed.transpose(0, 1)
plain_mha = nn.MultiheadAttention(8, 2)
plain_layer = nn.TransformerEncoderLayer(8, 2, 16, 0.0)
plain_stack = nn.TransformerEncoder(plain_layer, 2, enable_nested_tensor=False)
for call in (
    lambda x: plain_mha(x, x, x, is_causal=True)[0],
    lambda x: plain_layer(x, is_causal=True),
    lambda x: plain_stack(x, is_causal=True),
):
    for mode in (True, False):
        for module in (plain_mha, plain_layer, plain_stack):
            module.train(mode)
        for context in contexts:
            with context():
                try:
                    call(seq_first)
                    raise AssertionError("ran without batch_first")
                except RuntimeError as error:
                    assert RAISES in str(error), error
        with torch.no_grad():  # given the mask, it is causal there too
            kwargs = {"is_causal": True}
            first = plain_layer(seq_first, src_mask=mask, **kwargs)[0]
            assert torch.allclose(
                first, plain_layer(later, src_mask=mask, **kwargs)[0]
            )
# --8<-- [end:check]
