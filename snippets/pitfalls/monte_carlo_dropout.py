"""Monte Carlo dropout: eval(), then train mode for the modules that drop, and for them only; norms stay in eval."""

# --8<-- [start:show]
import torch
import torch.nn as nn

DROPPING = (  # modules whose own flag switches dropout on
    nn.modules.dropout._DropoutNd,  # Dropout, Dropout1d/2d/3d, *AlphaDropout
    nn.MultiheadAttention,  # dropout on the attention weights
    nn.RNNBase,  # RNN, LSTM, GRU: dropout between stacked layers
    nn.TransformerEncoderLayer,  # else its eval fast path skips Dropout
)


def enable_mc_dropout(model):
    model.eval()  # BatchNorm, InstanceNorm and RReLU stay in eval
    for module in model.modules():
        if isinstance(module, DROPPING):
            module.training = True  # this module only, not its children


torch.manual_seed(0)
enc = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.2, batch_first=True)
model = nn.Sequential(enc, nn.Flatten(), nn.BatchNorm1d(40), nn.Linear(40, 1))
model(torch.randn(3, 5, 8))  # a train-mode pass gives BatchNorm statistics
stats = model[2].running_mean.clone()
enable_mc_dropout(model)
with torch.no_grad():  # one sequence of 5 tokens, predicted 20 times
    x = torch.randn(1, 5, 8)
    samples = torch.cat([model(x) for _ in range(20)])
print(f"std over 20 predictions: {samples.std():.3f}")
kept = torch.equal(stats, model[2].running_mean)
print("BatchNorm training:", model[2].training, "| stats unchanged:", kept)
# --8<-- [end:show]

# --8<-- [start:check]
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="enable_nested_tensor is True")
assert samples.std() > 0 and not model[2].training and kept

# Sweep: every catalogued torch.nn layer
# The recipe on a model of each family, started from a mixed-mode model, in
# both grad modes. Every model also holds a Dropout or drops internally, so
# its samples must differ; norms and RReLU must stay in eval, no buffer may
# change (but the old spectral_norm's on an LSTM, below), and only DROPPING
# modules may be in train mode.


class Call(nn.Module):
    """Wraps a layer whose forward needs more than one tensor."""

    def __init__(self, layer, call):
        super().__init__()
        self.layer, self.call = layer, call

    def forward(self, x):
        return self.call(self.layer, x)


def with_dropout(layer):
    return nn.Sequential(layer, nn.Dropout(0.5))


pad = torch.tensor([[False] * 4 + [True] * 2] * 2)
seq = torch.randn(2, 6, 8)  # (batch, tokens, features), batch_first
kw = dict(nhead=2, dim_feedforward=16, dropout=0.3, batch_first=True)
families = {  # name: (model, input)
    "Dropout": (nn.Dropout(0.3), torch.randn(4, 8)),
    "Dropout1d": (nn.Dropout1d(0.3), torch.randn(4, 8, 3)),
    "Dropout2d": (nn.Dropout2d(0.3), torch.randn(4, 8, 3, 3)),
    "Dropout3d": (nn.Dropout3d(0.3), torch.randn(4, 8, 2, 2, 2)),
    "AlphaDropout": (nn.AlphaDropout(0.3), torch.randn(4, 8)),
    "FeatureAlphaDropout": (nn.FeatureAlphaDropout(0.3), torch.randn(4, 8, 3)),
    "BatchNorm1d": (with_dropout(nn.BatchNorm1d(8)), torch.randn(4, 8)),
    "BatchNorm1d, no running stats": (
        with_dropout(nn.BatchNorm1d(8, track_running_stats=False)),
        torch.randn(4, 8),
    ),
    "BatchNorm2d": (with_dropout(nn.BatchNorm2d(8)), torch.randn(4, 8, 3, 3)),
    "BatchNorm3d": (
        with_dropout(nn.BatchNorm3d(8)),
        torch.randn(4, 8, 2, 2, 2),
    ),
    "LazyBatchNorm1d": (with_dropout(nn.LazyBatchNorm1d()), torch.randn(4, 8)),
    "LazyBatchNorm2d": (
        with_dropout(nn.LazyBatchNorm2d()),
        torch.randn(4, 8, 3, 3),
    ),
    "LazyBatchNorm3d": (
        with_dropout(nn.LazyBatchNorm3d()),
        torch.randn(4, 8, 2, 2, 2),
    ),
    # SyncBatchNorm: the recipe keeps it in eval, whose forward runs on CPU
    "SyncBatchNorm": (
        with_dropout(nn.SyncBatchNorm(8)),
        torch.randn(4, 8, 3, 3),
    ),
    "InstanceNorm1d": (
        with_dropout(nn.InstanceNorm1d(8, track_running_stats=True)),
        torch.randn(4, 8, 5),
    ),
    "InstanceNorm1d, no running stats": (
        with_dropout(nn.InstanceNorm1d(8)),
        torch.randn(4, 8, 5),
    ),
    "InstanceNorm2d": (
        with_dropout(nn.InstanceNorm2d(8, track_running_stats=True)),
        torch.randn(4, 8, 3, 3),
    ),
    "InstanceNorm3d": (
        with_dropout(nn.InstanceNorm3d(8, track_running_stats=True)),
        torch.randn(4, 8, 2, 2, 2),
    ),
    "LazyInstanceNorm1d": (
        with_dropout(nn.LazyInstanceNorm1d(track_running_stats=True)),
        torch.randn(4, 8, 5),
    ),
    "LazyInstanceNorm2d": (
        with_dropout(nn.LazyInstanceNorm2d(track_running_stats=True)),
        torch.randn(4, 8, 3, 3),
    ),
    "LazyInstanceNorm3d": (
        with_dropout(nn.LazyInstanceNorm3d(track_running_stats=True)),
        torch.randn(4, 8, 2, 2, 2),
    ),
    "RReLU": (with_dropout(nn.RReLU()), torch.randn(4, 8)),
    "RNN": (
        Call(nn.RNN(8, 8, num_layers=2, dropout=0.5), lambda m, x: m(x)[0]),
        torch.randn(5, 2, 8),
    ),
    "LSTM": (
        Call(nn.LSTM(8, 8, num_layers=2, dropout=0.5), lambda m, x: m(x)[0]),
        torch.randn(5, 2, 8),
    ),
    "GRU": (
        Call(nn.GRU(8, 8, num_layers=2, dropout=0.5), lambda m, x: m(x)[0]),
        torch.randn(5, 2, 8),
    ),
    "MultiheadAttention": (
        Call(
            nn.MultiheadAttention(8, 2, dropout=0.5, batch_first=True),
            lambda m, x: m(x, x, x, need_weights=False)[0],
        ),
        seq,
    ),
    "TransformerEncoderLayer": (nn.TransformerEncoderLayer(8, **kw), seq),
    "TransformerEncoderLayer, padding mask": (
        Call(
            nn.TransformerEncoderLayer(8, **kw),
            lambda m, x: m(x, src_key_padding_mask=pad),
        ),
        seq,
    ),
    "TransformerEncoder, padding mask": (
        Call(
            nn.TransformerEncoder(nn.TransformerEncoderLayer(8, **kw), 2),
            lambda m, x: m(x, src_key_padding_mask=pad),
        ),
        seq,
    ),
    "TransformerDecoderLayer": (
        Call(nn.TransformerDecoderLayer(8, **kw), lambda m, x: m(x, x)),
        seq,
    ),
    "TransformerDecoder": (
        Call(
            nn.TransformerDecoder(nn.TransformerDecoderLayer(8, **kw), 2),
            lambda m, x: m(x, x),
        ),
        seq,
    ),
    "Transformer": (
        Call(
            nn.Transformer(
                8, num_encoder_layers=1, num_decoder_layers=1, **kw
            ),
            lambda m, x: m(x, x),
        ),
        seq,
    ),
}
# spectral_norm, both versions (the Reference's two rows), on a Linear and
# on an LSTM, a DROPPING module. The old hook reads its owning module's flag:
# on the LSTM, which the recipe puts in train mode, it runs power iteration
# on every sample (its u and v change); on the Linear it does not. The
# parametrization is a module of its own and stays in eval.
old_sn = nn.utils.spectral_norm
new_sn = nn.utils.parametrizations.spectral_norm
lstm = dict(num_layers=2, dropout=0.5)
families |= {
    "spectral_norm(Linear)": (with_dropout(old_sn(nn.Linear(8, 8))), seq),
    "parametrizations.spectral_norm(Linear)": (
        with_dropout(new_sn(nn.Linear(8, 8))),
        seq,
    ),
    "spectral_norm(LSTM)": (
        Call(
            old_sn(nn.LSTM(8, 8, **lstm), "weight_hh_l0"), lambda m, x: m(x)[0]
        ),
        torch.randn(5, 2, 8),
    ),
    "parametrizations.spectral_norm(LSTM)": (
        Call(
            new_sn(nn.LSTM(8, 8, **lstm), "weight_hh_l0"), lambda m, x: m(x)[0]
        ),
        torch.randn(5, 2, 8),
    ),
}
POWER_ITERATION = {
    "spectral_norm(LSTM)": {"layer.weight_hh_l0_u", "layer.weight_hh_l0_v"}
}
NOT_DROPOUT = (nn.modules.batchnorm._NormBase, nn.RReLU)

for name, (model, x) in families.items():
    model.train()(x)  # initialises lazy modules, fills running statistics
    for module in list(model.modules())[1::2]:  # start from mixed modes
        module.eval()
    buffers = {
        k: v.clone()
        for k, v in model.state_dict().items()
        if not k.endswith("weight") and not k.endswith("bias")
    }
    enable_mc_dropout(model)
    for grad in (False, True):
        with torch.set_grad_enabled(grad):
            outs = [model(x) for _ in range(4)]
        assert any(not torch.equal(outs[0], out) for out in outs[1:]), (
            f"{name}: identical samples, grad={grad}"
        )
    for module in model.modules():
        assert module.training == isinstance(module, DROPPING), (name, module)
        if isinstance(module, NOT_DROPOUT):
            assert not module.training, (name, module)
    after = model.state_dict()
    changed = {k for k, v in buffers.items() if not torch.equal(v, after[k])}
    assert changed == POWER_ITERATION.get(name, set()), (name, changed)

# Dropout1d/2d/3d, AlphaDropout, FeatureAlphaDropout are no nn.Dropout:
siblings = [
    nn.Dropout1d,
    nn.Dropout2d,
    nn.Dropout3d,
    nn.AlphaDropout,
    nn.FeatureAlphaDropout,
]
assert not any(issubclass(cls, nn.Dropout) for cls in siblings)
assert all(
    issubclass(cls, nn.modules.dropout._DropoutNd)
    for cls in [*siblings, nn.Dropout]
)

# RReLU stays in eval: its fixed slope, the same in every sample
rrelu = nn.Sequential(nn.RReLU())
enable_mc_dropout(rrelu)
x = -torch.rand(100)
assert torch.equal(rrelu(x), rrelu(x)) and torch.allclose(
    rrelu(x), x * (1 / 8 + 1 / 3) / 2
)
# --8<-- [end:check]
