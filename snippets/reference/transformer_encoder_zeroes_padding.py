"""Only TransformerEncoder's nested-tensor path returns zeros at padded positions; a lone layer returns numbers."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # nested tensors: a prototype-stage warning
torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, batch_first=True)
encoder = nn.TransformerEncoder(layer, num_layers=1)  # copies the layer
x = torch.randn(2, 3, 4)
padding = torch.tensor([[False, False, True], [False] * 3])  # last one pads


def padded(module, mode, grad, frozen=False):
    getattr(module, mode)().requires_grad_(not frozen)
    with torch.set_grad_enabled(grad):
        return module(x, src_key_padding_mask=padding)


cases = {
    "encoder layer alone, eval, no grad": (layer, "eval", False),
    "encoder, train, no grad": (encoder, "train", False),
    "encoder, eval, grad on": (encoder, "eval", True),
    "encoder, eval, grad on, params frozen": (encoder, "eval", True, True),
    "encoder, eval, no grad": (encoder, "eval", False),
}
results = {name: padded(*args) for name, args in cases.items()}
print("the padded position's output:")
for name, out in results.items():
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
# The real (unpadded) positions agree in every case.
for out in outs.values():
    assert torch.allclose(
        out[0, :2], outs["encoder, train, no grad"][0, :2], atol=1e-5
    )
    assert torch.allclose(
        out[1], outs["encoder, train, no grad"][1], atol=1e-5
    )
# The lone layer in eval without grad did take its own fast path.
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
