"""Transformer layers repeat their output in eval mode but not in train mode, where their dropout is active."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
size = {"d_model": 4, "nhead": 2, "dim_feedforward": 8, "batch_first": True}
src, tgt = torch.randn(1, 5, 4), torch.randn(1, 3, 4)
enc = nn.TransformerEncoderLayer(**size)  # dropout=0.1 by default
dec = nn.TransformerDecoderLayer(**size)
one = {"num_encoder_layers": 1, "num_decoder_layers": 1}
modules = [
    (enc, (src,)),
    (dec, (tgt, src)),
    (nn.TransformerEncoder(enc, 2, enable_nested_tensor=False), (src,)),
    (nn.TransformerDecoder(dec, 2), (tgt, src)),
    (nn.Transformer(**size, **one), (src, tgt)),
]
print(
    f"{'two calls equal in':24} {'train mode':>10} {'eval mode':>10}  dropout p"
)
equal = {}
for module, inputs in modules:
    name = type(module).__name__
    rates = sorted(
        {m.p for m in module.modules() if isinstance(m, nn.Dropout)}
    )
    train = torch.equal(module.train()(*inputs), module(*inputs))
    evals = torch.equal(module.eval()(*inputs), module(*inputs))
    equal[name] = (train, evals, rates)
    print(f"{name:24} {train!s:>10} {evals!s:>10}  {rates}")
# --8<-- [end:show]

# --8<-- [start:check]
assert len(equal) == 5
assert all(not t and e and r == [0.1] for t, e, r in equal.values())
with torch.no_grad():  # without grad the encoder layers take the fast path
    for module, inputs in modules:
        assert not torch.equal(module.train()(*inputs), module(*inputs))
        assert torch.equal(module.eval()(*inputs), module(*inputs))
# --8<-- [end:check]
