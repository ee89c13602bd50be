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
# step-by-step one. The check runs a key padding mask too, frozen weights with
# grad on, a TransformerEncoder with its nested-tensor path off and on, and
# MultiheadAttention and a decoder layer alone, which a float mask sends to
# their step-by-step path; a mask of 0 and -inf agrees everywhere.
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


# Frozen weights, grad on: the fast path too.
layer.requires_grad_(False)
assert same(run(False, True, soft), masked)
layer.requires_grad_(True)

# A float key padding mask: nonzero entries are padding on the fast path.
pad_soft = torch.tensor([[0.0] * 5, [0.0] * 3 + [0.5] * 2])
pad_hard = torch.tensor([[0.0] * 5, [0.0] * 3 + [float("-inf")] * 2])
with torch.no_grad():
    slow_soft = layer.train()(x, src_key_padding_mask=pad_soft)
    slow_hard = layer.train()(x, src_key_padding_mask=pad_hard)
    fast_soft = layer.eval()(x, src_key_padding_mask=pad_soft)
assert not same(slow_soft, slow_hard)
assert same(fast_soft, slow_hard)

# A TransformerEncoder: with the nested-tensor path off, the layers' kernel
# reads the attention mask as boolean; with it on, a nonzero padding entry
# pads that position (zeros in the output), as True would.
for nested in (False, True):
    encoder = nn.TransformerEncoder(layer, 2, enable_nested_tensor=nested)
    with torch.no_grad():
        train_soft = encoder.train()(x, mask=soft)
        train_hard = encoder.train()(x, mask=hard)
        eval_soft = encoder.eval()(x, mask=soft)
    assert not same(train_soft, train_hard) and same(eval_soft, train_hard)
encoder = nn.TransformerEncoder(layer, 2)  # nested-tensor path on
with torch.no_grad():
    padded = encoder.eval()(x, src_key_padding_mask=pad_soft)
assert padded[1, 3:].eq(0).all() and not padded[0].eq(0).any()

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

# A mask of 0 and -inf gives the same result on every path.
with torch.no_grad():
    for model in (layer, nn.TransformerEncoder(layer, 2)):
        kwargs = {"src_mask" if model is layer else "mask": hard}
        assert same(model.eval()(x, **kwargs), model.train()(x, **kwargs))
# --8<-- [end:check]
