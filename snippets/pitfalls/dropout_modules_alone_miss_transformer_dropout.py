"""Dropout modules alone in train mode leave an eval-mode Transformer layer deterministic under no_grad."""

# --8<-- [start:show]
import torch
import torch.nn as nn

DropoutNd = nn.modules.dropout._DropoutNd  # the whole Dropout family


def spread(layer, x, n=10):  # largest std over n predictions
    return torch.stack([layer(x).detach() for _ in range(n)]).std(0).max()


torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.3, batch_first=True)
x = torch.randn(1, 5, 8)
layer.eval()
for module in layer.modules():  # only the Dropout modules in train mode
    if isinstance(module, DropoutNd):
        module.train()
with torch.no_grad():
    print(f"under no_grad:             spread {spread(layer, x):.3f}")
print(f"with grad enabled:         spread {spread(layer, x):.3f}")
torch.backends.mha.set_fastpath_enabled(False)
with torch.no_grad():
    print(f"no_grad, fast path off:    spread {spread(layer, x):.3f}")
torch.backends.mha.set_fastpath_enabled(True)
for module in (
    nn.MultiheadAttention(8, 2, dropout=0.5),
    nn.LSTM(8, 8, 2, dropout=0.5),
):
    has = any(isinstance(m, DropoutNd) for m in module.modules())
    print(f"{type(module).__name__} has Dropout modules: {has}")
# --8<-- [end:show]


# --8<-- [start:check]
# The Dropout-modules-only recipe, on every module that drops without (only)
# a Dropout module, under no_grad (where the fast paths run): no spread.
def old_recipe(module):
    module.eval()
    for m in module.modules():
        if isinstance(m, DropoutNd):
            m.train()
    return module


seq, pad = torch.randn(2, 5, 8), torch.tensor([[False] * 3 + [True] * 2] * 2)
kw = dict(nhead=2, dim_feedforward=16, dropout=0.5, batch_first=True)
cases = {
    "TransformerEncoderLayer": (
        nn.TransformerEncoderLayer(8, **kw),
        lambda m: m(seq),
    ),
    "TransformerEncoder, padding mask": (
        nn.TransformerEncoder(
            nn.TransformerEncoderLayer(8, **kw), 2, enable_nested_tensor=False
        ),
        lambda m: m(seq, src_key_padding_mask=pad),
    ),
    "MultiheadAttention": (
        nn.MultiheadAttention(8, 2, dropout=0.5, batch_first=True),
        lambda m: m(seq, seq, seq)[0],
    ),
    "RNN": (nn.RNN(8, 8, 2, dropout=0.5), lambda m: m(seq)[0]),
    "LSTM": (nn.LSTM(8, 8, 2, dropout=0.5), lambda m: m(seq)[0]),
    "GRU": (nn.GRU(8, 8, 2, dropout=0.5), lambda m: m(seq)[0]),
}
for name, (module, call) in cases.items():
    old_recipe(module)
    with torch.no_grad():
        outs = [call(module) for _ in range(4)]
    assert all(torch.equal(outs[0], o) for o in outs), name
    if name in ("TransformerEncoderLayer", "TransformerEncoder, padding mask"):
        with torch.enable_grad():  # no fast path: its Dropout modules drop
            assert not torch.equal(call(module), call(module)), name
with torch.no_grad():
    assert spread(old_recipe(layer), x) == 0
    layer.training = True  # the layer's own flag: no fast path
    assert spread(layer, x) > 0
for module in (
    nn.MultiheadAttention(8, 2),
    nn.RNN(8, 8, 2),
    nn.LSTM(8, 8, 2),
    nn.GRU(8, 8, 2),
):
    assert not any(isinstance(m, DropoutNd) for m in module.modules())
decoder = old_recipe(nn.TransformerDecoderLayer(8, **kw))  # no fast path
with torch.no_grad():
    assert not torch.equal(decoder(seq, seq), decoder(seq, seq))
# --8<-- [end:check]
