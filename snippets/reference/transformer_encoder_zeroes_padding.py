"""TransformerEncoder's nested-tensor path zeroes padded positions before its final norm; a lone layer does not."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # nested tensors: a prototype-stage warning
torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True)
encoder = nn.TransformerEncoder(layer, num_layers=1)  # copies the layer
normed = nn.TransformerEncoder(layer, 1, norm=nn.LayerNorm(4))
normed.norm.bias.data.fill_(0.5)  # as after training: a nonzero bias
x = torch.randn(2, 3, 4)
padding = torch.tensor([[False, False, True], [False] * 3])  # last one pads
cases = {  # module, mode, grad enabled, parameters frozen
    "encoder layer alone, eval, no grad": (layer, "eval", False, False),
    "encoder, train, no grad": (encoder, "train", False, False),
    "encoder, eval, grad on": (encoder, "eval", True, False),
    "encoder, eval, grad on, params frozen": (encoder, "eval", True, True),
    "encoder, eval, no grad": (encoder, "eval", False, False),
    "encoder, norm bias 0.5, eval, no grad": (normed, "eval", False, False),
}
results = {}
print("the padded position's output:")
for name, (module, mode, grad, frozen) in cases.items():
    getattr(module, mode)().requires_grad_(not frozen)
    with torch.set_grad_enabled(grad):
        out = results[name] = module(x, src_key_padding_mask=padding)
    print(f"  {name:38}", [round(v, 2) + 0.0 for v in out[0, 2].tolist()])
# --8<-- [end:show]

# --8<-- [start:check]
zero = torch.zeros(4)
outs = {name: out.detach() for name, out in results.items()}
assert not torch.equal(outs["encoder layer alone, eval, no grad"][0, 2], zero)
assert not torch.equal(outs["encoder, train, no grad"][0, 2], zero)
assert not torch.equal(outs["encoder, eval, grad on"][0, 2], zero)
assert torch.equal(outs["encoder, eval, grad on, params frozen"][0, 2], zero)
assert torch.equal(outs["encoder, eval, no grad"][0, 2], zero)
# With a final norm the padded positions hold norm(0), here its bias: the
# zeros come before the norm (transformer.py: to_padded_tensor, then norm).
with_norm = outs["encoder, norm bias 0.5, eval, no grad"][0, 2]
assert not torch.equal(with_norm, zero)
assert torch.equal(with_norm, normed.norm(zero).detach())
assert torch.equal(with_norm, normed.norm.bias.detach())
# nn.Transformer gives the encoder it builds a LayerNorm and asks for this
# path; the encoder takes it only if its construction checks pass: among
# them batch_first=True, norm_first=False, an even nhead, bias=True and a
# relu or gelu activation.
for options, on_path in (
    ({"batch_first": True}, True),
    ({}, False),  # the default batch_first=False
    ({"batch_first": True, "norm_first": True}, False),
    ({"batch_first": True, "nhead": 1}, False),
    ({"batch_first": True, "bias": False}, False),
    ({"batch_first": True, "activation": nn.functional.silu}, False),
):
    options = {"nhead": 2, **options}
    transformer = nn.Transformer(4, num_encoder_layers=1, num_decoder_layers=1,
                                 dim_feedforward=8, **options)  # fmt: skip
    assert isinstance(transformer.encoder.norm, nn.LayerNorm)
    assert transformer.encoder.use_nested_tensor is on_path, options
# ...unless given a custom_encoder, which it uses as given: no norm added,
# the nested-tensor path as that encoder was built.
for nested in (True, False):
    custom = nn.TransformerEncoder(layer, 1, enable_nested_tensor=nested)
    transformer = nn.Transformer(4, 2, custom_encoder=custom, batch_first=True,
                                 num_decoder_layers=1, dim_feedforward=8)  # fmt: skip
    assert transformer.encoder is custom and custom.norm is None
    assert custom.use_nested_tensor is nested
# The real (unpadded) positions agree in every case without a norm.
for name, out in outs.items():
    if name.startswith("encoder, norm"):
        continue
    assert torch.allclose(
        out[0, :2], outs["encoder, train, no grad"][0, :2], atol=1e-5
    )
    assert torch.allclose(
        out[1], outs["encoder, train, no grad"][1], atol=1e-5
    )


# The lone layer in eval without grad did take its own fast path.
def padded(module, mode, grad):
    getattr(module, mode)().requires_grad_(True)
    with torch.set_grad_enabled(grad):
        return module(x, src_key_padding_mask=padding)


calls = []
fused = torch._transformer_encoder_layer_fwd
torch._transformer_encoder_layer_fwd = lambda *a: calls.append(1) or fused(*a)
padded(layer, "eval", False)
torch._transformer_encoder_layer_fwd = fused
assert calls
# a layer the path cannot run (norm_first=True) turns it off at construction
torch.manual_seed(0)
norm_first = nn.TransformerEncoderLayer(
    4, 2, 8, 0.0, batch_first=True, norm_first=True
)
encoder = nn.TransformerEncoder(norm_first, num_layers=1).eval()
assert not encoder.use_nested_tensor
with torch.no_grad():
    out = encoder(x, src_key_padding_mask=padding)
assert not torch.equal(out[0, 2], zero)
# --8<-- [end:check]
