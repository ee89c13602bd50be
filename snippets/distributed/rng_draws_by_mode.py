"""Layers with dropout, and RReLU, draw random numbers only in train mode; FractionalMaxPool draws in both."""

# Sweep: every catalogued torch.nn layer
# SyncBatchNorm runs here without a process group, where it computes what
# BatchNorm does (reference.md#syncbatchnorm); its synchronising train-mode
# branch needs a GPU.

# --8<-- [start:show]
import torch
from torch import nn


def draws(layer, *x, mode=True, grad=True):
    """Does one forward pass in this mode move the global RNG?"""
    before = torch.get_rng_state()
    with torch.set_grad_enabled(grad):
        layer.train(mode)(*x)
    return not torch.equal(before, torch.get_rng_state())


torch.manual_seed(0)
seq = torch.randn(2, 3, 4)
shown = {
    "Dropout": (nn.Dropout(), seq),
    "RReLU": (nn.RReLU(), seq),
    "LSTM(dropout=0.5)": (nn.LSTM(4, 4, 2, dropout=0.5), seq),
    "MultiheadAttention": (nn.MultiheadAttention(4, 1, 0.5), seq, seq, seq),
    "TransformerEncoderLayer": (nn.TransformerEncoderLayer(4, 1, 8), seq),
    "BatchNorm1d": (nn.BatchNorm1d(3), seq),
    "InstanceNorm1d": (nn.InstanceNorm1d(3), seq),
    "FractionalMaxPool2d": (nn.FractionalMaxPool2d(2, output_ratio=0.6), seq),
}
for name, (layer, *x) in shown.items():
    train, evals = draws(layer, *x), draws(layer, *x, mode=False)
    print(f"{name:>23} draws: in train mode {train!s:5}, in eval {evals}")
# --8<-- [end:show]

# --8<-- [start:check]
layers = {  # name: (layer, input)
    "Dropout": (nn.Dropout(), seq),
    "Dropout1d": (nn.Dropout1d(), seq),
    "Dropout2d": (nn.Dropout2d(), seq[..., None]),
    "Dropout3d": (nn.Dropout3d(), seq[..., None, None]),
    "AlphaDropout": (nn.AlphaDropout(), seq),
    "FeatureAlphaDropout": (nn.FeatureAlphaDropout(), seq),
    "RReLU": (nn.RReLU(), seq),
    "RNN": (nn.RNN(4, 4, 2, dropout=0.5), seq),
    "LSTM": (nn.LSTM(4, 4, 2, dropout=0.5), seq),
    "GRU": (nn.GRU(4, 4, 2, dropout=0.5), seq),
    "MultiheadAttention": (
        nn.MultiheadAttention(4, 1, dropout=0.5),
        (seq,) * 3,
    ),
    "TransformerEncoderLayer": (nn.TransformerEncoderLayer(4, 1, 8), seq),
    "TransformerDecoderLayer": (
        nn.TransformerDecoderLayer(4, 1, 8),
        (seq, seq),
    ),
    "Transformer": (
        nn.Transformer(4, 2, 1, 1, 8, batch_first=True),
        (seq, seq),
    ),
}
# Named in full, not built from parts: the catalogue test checks that this
# sweep names every catalogued layer.
norms = {  # class: spatial dimensions
    nn.BatchNorm1d: 1, nn.BatchNorm2d: 2, nn.BatchNorm3d: 3,
    nn.LazyBatchNorm1d: 1, nn.LazyBatchNorm2d: 2, nn.LazyBatchNorm3d: 3,
    nn.InstanceNorm1d: 1, nn.InstanceNorm2d: 2, nn.InstanceNorm3d: 3,
    nn.LazyInstanceNorm1d: 1, nn.LazyInstanceNorm2d: 2,
    nn.LazyInstanceNorm3d: 3,
}  # fmt: skip
for cls, n in norms.items():
    layer = cls() if cls.__name__.startswith("Lazy") else cls(3)
    layers[cls.__name__] = (layer, torch.randn(2, 3, *[4] * n))
layers["SyncBatchNorm"] = (nn.SyncBatchNorm(3), seq)
# Not catalogued (they read no flag), but they draw in every forward. Sizes
# whose window step is not a whole number, so the random offsets show.
fractional = {
    "FractionalMaxPool2d": (
        nn.FractionalMaxPool2d(2, output_ratio=0.6),
        torch.randn(1, 3, 16, 16),
    ),
    "FractionalMaxPool3d": (
        nn.FractionalMaxPool3d(2, output_ratio=0.6),
        torch.randn(1, 3, 10, 10, 10),
    ),
}
layers.update(fractional)
enc = nn.TransformerEncoderLayer(4, 1, 8)
dec = nn.TransformerDecoderLayer(4, 1, 8)
layers["TransformerEncoder"] = (
    nn.TransformerEncoder(enc, 2, enable_nested_tensor=False),
    seq,
)
layers["TransformerDecoder"] = (nn.TransformerDecoder(dec, 2), (seq, seq))
sn = torch.nn.utils  # both spectral_norm APIs: power iteration, no draw
layers["utils.spectral_norm"] = (sn.spectral_norm(nn.Linear(4, 4)), seq)
layers["parametrizations.spectral_norm"] = (
    sn.parametrizations.spectral_norm(nn.Linear(4, 4)),
    seq,
)
found = {}
found_modes = [(m, g) for m in (True, False) for g in (True, False)]
for name, (layer, x) in layers.items():
    for mode in (True, False):
        for grad in (True, False):
            before = torch.get_rng_state()
            with torch.set_grad_enabled(grad):
                layer.train(mode)(*(x if isinstance(x, tuple) else (x,)))
            found[name, mode, grad] = not torch.equal(
                before, torch.get_rng_state()
            )
train = sorted(
    n for n in layers if found[n, True, True] and found[n, True, False]
)
evals = sorted(
    n for n in layers if found[n, False, True] or found[n, False, False]
)
random = {"Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout"}
random |= {"FeatureAlphaDropout", "RReLU", "RNN", "LSTM", "GRU"}
random |= {"MultiheadAttention", "Transformer", "TransformerEncoder"}
random |= {"TransformerDecoder", "TransformerEncoderLayer"}
random |= {"TransformerDecoderLayer"}
assert set(evals) == set(fractional), evals
assert all(found[n, m, g] for n in fractional for m, g in found_modes)
assert set(train) == random | set(fractional), set(train) ^ random
# in eval mode, in either grad mode, two calls pool different windows
for name, (layer, x) in fractional.items():
    for grad in (True, False):
        with torch.set_grad_enabled(grad):
            first, second = layer.eval()(x), layer(x)
        assert not torch.equal(first, second), (name, grad)
assert not any(
    found[n, True, g]
    for n in layers
    if n not in random | set(fractional)
    for g in (True, False)
)
# train mode draws only for 0 < p < 1 and a non-empty input
no_draw = {
    "Dropout(p=0)": (nn.Dropout(0.0), seq),
    "Dropout(p=1)": (nn.Dropout(1.0), seq),
    "AlphaDropout(p=0)": (nn.AlphaDropout(0.0), seq),
    "FeatureAlphaDropout(p=1)": (nn.FeatureAlphaDropout(1.0), seq),
    "Dropout2d(p=0)": (nn.Dropout2d(0.0), seq[..., None]),
    "Dropout, empty input": (nn.Dropout(), seq[:0]),
    "RReLU, empty input": (nn.RReLU(), seq[:0]),
    "LSTM(num_layers=1, dropout=0)": (nn.LSTM(4, 4, 1), seq),
    "LSTM(2 layers, dropout=0)": (nn.LSTM(4, 4, 2), seq),
    "MultiheadAttention(dropout=0)": (nn.MultiheadAttention(4, 1), (seq,) * 3),
    "TransformerEncoderLayer(dropout=0)": (
        nn.TransformerEncoderLayer(4, 1, 8, dropout=0.0),
        seq,
    ),
}
for name, (layer, x) in no_draw.items():
    before = torch.get_rng_state()
    layer.train()(*(x if isinstance(x, tuple) else (x,)))
    assert torch.equal(before, torch.get_rng_state()), name
# a model in mixed modes draws exactly when a train-mode Dropout runs
mixed = nn.Sequential(nn.Dropout(), nn.BatchNorm1d(3))
mixed.train()[0].eval()
before = torch.get_rng_state()
mixed(seq)
assert torch.equal(before, torch.get_rng_state())  # Dropout in eval: none
mixed.eval()[0].train()
mixed(seq)
assert not torch.equal(before, torch.get_rng_state())  # Dropout in train
# --8<-- [end:check]
