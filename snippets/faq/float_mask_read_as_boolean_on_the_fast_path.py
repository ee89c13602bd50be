"""On the encoder's fast paths a float mask is read as boolean: a soft bias masks its keys out in eval mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
x = torch.randn(2, 5, 8)
soft = torch.zeros(5, 5)
soft[:, 3:] = -0.5  # a soft bias against the last two keys
hard = torch.zeros(5, 5)
hard[:, 3:] = float("-inf")  # those two keys masked out


def run(mode, grad, mask):
    with torch.set_grad_enabled(grad):
        return layer.train(mode)(x, src_mask=mask).detach()


biased, masked = run(True, True, soft), run(True, True, hard)  # train mode
for grad in (True, False):
    out = run(False, grad, soft)  # eval mode, the soft bias
    print(f"eval, grad {'on' if grad else 'off'}:")
    print("  as in train mode:", torch.allclose(out, biased, atol=1e-6))
    print(
        "  as with those keys masked:", torch.allclose(out, masked, atol=1e-6)
    )
# --8<-- [end:show]

# Dropout is 0 so that train mode is the same computation as eval mode's
# step-by-step one. The check runs inference_mode(), frozen weights with grad
# on, a key padding mask, both masks at once, a TransformerEncoder on both of
# its paths, the cases without the fused path (no batch_first, an unbatched
# input), and MultiheadAttention and a decoder layer alone, which a float
# mask sends to their step-by-step path.
# --8<-- [start:check]
import warnings  # noqa: E402

warnings.simplefilter("ignore")  # the nested-tensor notice
assert not torch.allclose(biased, masked, atol=1e-3)  # the bias matters
assert torch.allclose(run(False, True, soft), biased, atol=1e-6)
assert torch.allclose(run(False, False, soft), masked, atol=1e-6)
assert torch.allclose(run(False, False, hard), masked, atol=1e-6)

# Any nonzero entry counts as masked, whatever its sign or size.
for value in (0.5, -0.5, 3.0, -1e-3):
    other = torch.zeros(5, 5)
    other[:, 3:] = value
    assert torch.allclose(run(False, False, other), masked, atol=1e-6), value


def same(a, b):
    return torch.allclose(a, b, atol=1e-6)


# inference_mode() too; frozen weights with grad on too, unless the input
# requires grad (then there is no fast path, and the bias is added).
with torch.inference_mode():
    assert same(layer.eval()(x, src_mask=soft), masked)
layer.requires_grad_(False)
assert same(run(False, True, soft), masked)
with torch.enable_grad():
    from_below = layer.eval()(x.requires_grad_(), src_mask=soft)
assert same(from_below.detach(), biased)
x.requires_grad_(False)
layer.requires_grad_(True)

# Where the fused path does not run, eval mode adds the bias as train mode
# does: without batch_first, or on an unbatched input.
seq_first = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0)
seq_first.load_state_dict(layer.state_dict())
with torch.no_grad():
    for model, inputs in ((seq_first, x.transpose(0, 1)), (layer, x[0])):
        trained = model.train()(inputs, src_mask=soft)
        assert same(model.eval()(inputs, src_mask=soft), trained)

# Given both masks, the kernel reads their sum: -0.5 and +0.5 on the same
# key cancel, and that key is not masked.
cancel = torch.zeros(2, 5)
cancel[:, 3:] = 0.5
with torch.no_grad():
    plain = layer.train()(x)
    assert same(
        layer.eval()(x, src_mask=soft, src_key_padding_mask=cancel), plain
    )

# A float key padding mask: nonzero entries are padding on the fast path.
pad_soft = torch.tensor([[0.0] * 5, [0.0] * 3 + [0.5] * 2])
pad_hard = torch.tensor([[0.0] * 5, [0.0] * 3 + [float("-inf")] * 2])
with torch.no_grad():
    slow_soft = layer.train()(x, src_key_padding_mask=pad_soft)
    slow_hard = layer.train()(x, src_key_padding_mask=pad_hard)
    fast_soft = layer.eval()(x, src_key_padding_mask=pad_soft)
assert not same(slow_soft, slow_hard)
assert same(fast_soft, slow_hard)

# A TransformerEncoder: given an attention mask (no nested-tensor path),
# its layers' kernel reads it as boolean; given a padding mask alone, on its
# nested-tensor path, a nonzero entry pads that position (zeros in the
# output), as True would.
encoder = nn.TransformerEncoder(layer, 2)
with torch.no_grad():
    train_soft = encoder.train()(x, mask=soft)
    train_hard = encoder.train()(x, mask=hard)
    eval_soft = encoder.eval()(x, mask=soft)
assert not same(train_soft, train_hard) and same(eval_soft, train_hard)
with torch.no_grad():
    padded = encoder.eval()(x, src_key_padding_mask=pad_soft)
    as_bool = encoder.eval()(x, src_key_padding_mask=pad_soft != 0)
assert padded[1, 3:].eq(0).all() and not padded[0].eq(0).any()
assert same(padded, as_bool)
# The nested-tensor path's grad test looks at its first layer only. With
# grad on and one parameter trainable (the first layer frozen), in a
# 3-layer encoder with a final norm: a parameter that feeds a later layer's
# attention (that attention's own, or any of a middle layer) makes that
# attention raise; one of the last layer's feed-forward block or norms, or
# of the final norm, leaves the padding mask read as boolean.
deep = nn.TransformerEncoder(layer, 3, norm=nn.LayerNorm(8)).eval()
with torch.no_grad():
    deep_bool = deep(x, src_key_padding_mask=pad_soft != 0)
    deep_train = deep.train()(x, src_key_padding_mask=pad_soft)
last = len(deep.layers) - 1
for name, parameter in deep.eval().named_parameters():
    if name.startswith("layers.0."):
        continue
    deep.requires_grad_(False)
    parameter.requires_grad_(True)
    index = int(name.split(".")[1]) if name.startswith("layers.") else last + 1
    feeds_attention = "self_attn" in name or index < last
    try:
        with torch.enable_grad():
            late = deep(x, src_key_padding_mask=pad_soft)
    except AssertionError as error:
        assert feeds_attention and "grad is enabled" in str(error), name
    else:
        assert not feeds_attention and late.requires_grad, name
        assert same(late.detach(), deep_bool), name
        assert not same(late.detach(), deep_train), name
deep.requires_grad_(True)

# A row whose every key is masked (a bias nonzero everywhere, as a learned
# one is after a step) gives NaN on the layer's kernel, alone or in an
# encoder off its nested path. On the nested path a sample whose every key
# is padded comes out as zeros, and a padding mask that masks every key of
# every sample makes the encoder raise.
dense = torch.full((5, 5), 0.02)
dense_pad = torch.full((2, 5), 0.02)
all_out = torch.tensor([[0.0] * 5, [float("-inf")] * 5])  # sample 1 padded
flat = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
with torch.no_grad():
    assert layer.eval()(x, src_mask=dense).isnan().all()
    assert layer.eval()(x, src_key_padding_mask=dense_pad).isnan().all()
    assert not layer.train()(x, src_mask=dense).isnan().any()
    assert flat.eval()(x, mask=dense).isnan().all()
    assert flat.eval()(x, src_key_padding_mask=dense_pad).isnan().all()
    assert flat.eval()(x, src_key_padding_mask=all_out)[1].isnan().all()
    nested = encoder.eval()(x, src_key_padding_mask=all_out)
    assert nested[1].eq(0).all() and nested[0].isfinite().all()
    try:
        encoder.eval()(x, src_key_padding_mask=dense_pad)
    except RuntimeError as error:
        assert "to_padded_tensor" in str(error), error
    else:
        raise AssertionError("a padding mask masking every key ran")

# MultiheadAttention alone, and a decoder layer: a float mask sends them to
# the step-by-step path, so eval mode adds the bias as train mode does.
attention = nn.MultiheadAttention(8, 2, batch_first=True)
decoder = nn.TransformerDecoderLayer(8, 2, 16, 0.0, batch_first=True)
memory = torch.randn(2, 3, 8)
calls = [
    lambda: attention(x, x, x, attn_mask=soft)[0],
    lambda: attention(x, x, x, key_padding_mask=pad_soft)[0],
    lambda: decoder(x, memory, tgt_mask=soft),
]
for call in calls:
    with torch.no_grad():
        attention.train()
        decoder.train()
        trained = call()
        attention.eval()
        decoder.eval()
        assert same(call(), trained)

# A mask of 0 and -inf (given both, their sum) that leaves a key open in
# every row gives the same result on the layer's paths and the encoder's
# step-by-step one.
with torch.no_grad():
    for model in (layer, flat):
        name = "src_mask" if model is layer else "mask"
        for kwargs in (
            {name: hard},
            {"src_key_padding_mask": pad_hard},
            {name: hard, "src_key_padding_mask": pad_hard},
        ):
            evaluated, trained = (
                model.eval()(x, **kwargs),
                model.train()(x, **kwargs),
            )
            assert same(evaluated, trained), (model, list(kwargs))
# --8<-- [end:check]
