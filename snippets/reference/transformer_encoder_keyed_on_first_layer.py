"""TransformerEncoder picks its nested-tensor path by layers[0]'s mode and requires_grad, not by its own mode."""

# --8<-- [start:show]
import textwrap
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # nested tensors: a prototype-stage warning
torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True)
encoder = nn.TransformerEncoder(layer, num_layers=2)
x, padding = torch.randn(2, 3, 4), torch.tensor([[0, 0, 1], [0, 0, 0]]).bool()
wrap = textwrap.TextWrapper(76, initial_indent="  ", subsequent_indent="  ")


def attempt(label, grad):
    try:
        with torch.set_grad_enabled(grad):
            out = encoder(x, src_key_padding_mask=padding)
        print(f"{label}:\n  padded position:", out[0, 2].tolist())
    except AssertionError as error:
        print(f"{label}:\n" + wrap.fill(f"AssertionError: {error}"))
        return str(error)


encoder.train().layers.eval()  # the layers only
attempt("encoder in train mode, layers in eval mode, no grad", False)
encoder.eval().layers[1].train()  # a later layer in train mode: MC dropout
by_mode = attempt("eval, but layers[1] in train mode, no grad", False)
encoder.eval().layers[0].requires_grad_(False)  # only layers[0] frozen
by_grad = attempt("all in eval mode, layers[0] frozen, grad on", True)
# --8<-- [end:show]

# --8<-- [start:check]
zero = torch.zeros(4)
assert encoder.layers[0] is not layer  # the encoder holds copies
# the two causes of the assertion: a later layer in train mode, or, with grad
# on, a later layer that requires grad while layers[0] and src do not
head = "MultiheadAttention does not support NestedTensor outside of its fast"
assert by_mode.startswith(head) and "training is enabled" in by_mode
assert by_grad.startswith(head) and "grad is enabled" in by_grad
assert not any(p.requires_grad for p in encoder.layers[0].parameters())
assert all(p.requires_grad for p in encoder.layers[1].parameters())
encoder.requires_grad_(True)
# with grad on, layers[0] frozen: in a 3-layer encoder a trainable middle
# layer (its feed-forward block too) feeds the last layer's attention, which
# raises; a trainable feed-forward block in the last layer raises nothing
deep = nn.TransformerEncoder(layer, num_layers=3).eval().requires_grad_(False)
deep.layers[1].linear1.requires_grad_(True)
try:
    deep(x, src_key_padding_mask=padding)
except AssertionError as error:
    assert str(error).startswith(head) and "grad is enabled" in str(error)
else:
    raise AssertionError("a trainable middle layer ran on the nested path")
deep.requires_grad_(False).layers[2].linear1.requires_grad_(True)
out = deep(x, src_key_padding_mask=padding)
assert out.requires_grad and torch.equal(out[0, 2], zero)
# encoder in train mode, layers in eval mode, no grad: the path, zeros
encoder.train().layers.eval()
with torch.no_grad():
    assert torch.equal(encoder(x, src_key_padding_mask=padding)[0, 2], zero)
# with grad on and every layer trainable there is no nested tensor: no error
encoder.eval()
assert not torch.equal(encoder(x, src_key_padding_mask=padding)[0, 2], zero)
# a src that requires grad also keeps the path off, layers[0] frozen or not
encoder.layers[0].requires_grad_(False)
src = x.clone().requires_grad_()
assert not torch.equal(encoder(src, src_key_padding_mask=padding)[0, 2], zero)
encoder.requires_grad_(True)
# layers[0] in train mode: no nested tensor, numbers at the padding
encoder.layers[0].train()
with torch.no_grad():
    out = encoder(x, src_key_padding_mask=padding)
assert not torch.equal(out[0, 2], zero)
# the two ways out: every layer in one mode, or no nested-tensor path
with torch.no_grad():
    encoder.eval()
    assert torch.equal(encoder(x, src_key_padding_mask=padding)[0, 2], zero)
    encoder.train()
    encoder(x, src_key_padding_mask=padding)
    plain = nn.TransformerEncoder(
        layer, num_layers=2, enable_nested_tensor=False
    )
    plain.eval()
    plain.layers[1].train()
    out = plain(x, src_key_padding_mask=padding)
assert not torch.equal(out[0, 2], zero)
plain.eval()
plain.layers[0].requires_grad_(False)
out = plain(x, src_key_padding_mask=padding)  # grad on, first layer frozen
assert not torch.equal(out[0, 2], zero)
# --8<-- [end:check]
