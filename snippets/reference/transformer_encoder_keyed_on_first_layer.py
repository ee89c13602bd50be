"""TransformerEncoder picks its nested-tensor path by the mode of layers[0], not by its own mode."""

# --8<-- [start:show]
import textwrap
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # nested tensors: a prototype-stage warning
torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True)
encoder = nn.TransformerEncoder(layer, num_layers=2)
x = torch.randn(2, 3, 4)
padding = torch.tensor([[False, False, True], [False] * 3])  # last one pads
encoder.train()
encoder.layers.eval()  # the layers only
with torch.no_grad():
    out = encoder(x, src_key_padding_mask=padding)
print("encoder.training:", encoder.training, "| layers in eval mode")
print("  padded position ->", [round(v, 2) for v in out[0, 2].tolist()])
encoder.eval()
encoder.layers[1].train()  # a later layer in train mode, e.g. MC dropout
print("encoder in eval mode, layers[1] in train mode:")
try:
    with torch.no_grad():
        encoder(x, src_key_padding_mask=padding)
except AssertionError as error:
    message = str(error)
    wrap = textwrap.TextWrapper(
        76, initial_indent="  ", subsequent_indent="  "
    )
    print(wrap.fill("AssertionError: " + message))
# --8<-- [end:show]

# --8<-- [start:check]
assert encoder.layers[0] is not layer  # the encoder holds copies
assert torch.equal(out[0, 2], torch.zeros(4))
assert message.startswith(
    "MultiheadAttention does not support NestedTensor outside of its fast path"
)
# with grad on and trainable parameters there is no nested tensor: no error
encoder(x, src_key_padding_mask=padding)
# layers[0] in train mode: no nested tensor, numbers at the padding
encoder.eval()
encoder.layers[0].train()
with torch.no_grad():
    out = encoder(x, src_key_padding_mask=padding)
assert not torch.equal(out[0, 2], torch.zeros(4))
# the two ways out: every layer in one mode, or no nested-tensor path
with torch.no_grad():
    encoder.eval()
    assert torch.equal(
        encoder(x, src_key_padding_mask=padding)[0, 2], torch.zeros(4)
    )
    encoder.train()
    encoder(x, src_key_padding_mask=padding)
    plain = nn.TransformerEncoder(
        layer, num_layers=2, enable_nested_tensor=False
    )
    plain.eval()
    plain.layers[1].train()
    out = plain(x, src_key_padding_mask=padding)
assert not torch.equal(out[0, 2], torch.zeros(4))
# --8<-- [end:check]
