"""In eval mode autograd still records: every catalogued layer's output requires grad; on CPU backward() works."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.5), nn.Linear(8, 1)
).eval()
out = model(torch.randn(2, 4))
print("eval mode: output requires_grad", out.requires_grad, end=" | ")
print("has a grad_fn", out.grad_fn is not None)
out.sum().backward()
filled = sum(p.grad is not None for p in model.parameters())
print("backward() filled", filled, "of 6 .grad tensors")
# --8<-- [end:show]

# Sweep: every catalogued torch.nn layer
# Every layer the Reference catalogues, in eval mode with grad on: the output
# requires grad (eval-mode Dropout returns its input itself, which has no
# grad_fn of its own), and backward() fills the input's .grad and every
# parameter's. On CPU: on CUDA, cuDNN's RNN backward refuses eval mode (the
# FAQ's cudnn entry; no GPU here, not run).
# SyncBatchNorm runs too: in eval mode it takes the plain batch_norm path on
# CPU (its train-mode forward needs a GPU process group).
# --8<-- [start:check]
import warnings  # noqa: E402

warnings.simplefilter("ignore")  # Transformer's enable_nested_tensor note
torch.set_num_threads(1)  # many small ops: threads only add overhead


def layers():
    """(layer, input shape) for every catalogued layer."""
    d1, d2, d3 = (4, 3, 5), (4, 3, 5, 5), (4, 3, 2, 2, 2)  # (N, C, ...)
    for dropout, shape in (
        (nn.Dropout, (4, 8)), (nn.Dropout1d, d1), (nn.Dropout2d, d2),
        (nn.Dropout3d, d3), (nn.AlphaDropout, (4, 8)),
        (nn.FeatureAlphaDropout, d2),
    ):  # fmt: skip
        yield dropout(0.5), shape
    yield nn.RReLU(), (4, 8)
    yield nn.SyncBatchNorm(3), d1
    norms = {
        d1: (nn.BatchNorm1d, nn.InstanceNorm1d),
        d2: (nn.BatchNorm2d, nn.InstanceNorm2d),
        d3: (nn.BatchNorm3d, nn.InstanceNorm3d),
    }
    for shape, (bn, inorm) in norms.items():
        for stats in (True, False):
            yield bn(3, track_running_stats=stats), shape
            yield inorm(3, affine=True, track_running_stats=stats), shape
    lazy = {
        d1: (nn.LazyBatchNorm1d, nn.LazyInstanceNorm1d),
        d2: (nn.LazyBatchNorm2d, nn.LazyInstanceNorm2d),
        d3: (nn.LazyBatchNorm3d, nn.LazyInstanceNorm3d),
    }
    for shape, (bn, inorm) in lazy.items():
        yield bn(), shape
        yield inorm(affine=True), shape
    for rnn in (nn.RNN, nn.LSTM, nn.GRU):
        yield rnn(8, 8, num_layers=2, dropout=0.5), (5, 4, 8)
    seq = (4, 5, 8)  # (batch, sequence, features)
    yield nn.MultiheadAttention(8, 2, dropout=0.5, batch_first=True), seq
    sizes = dict(dim_feedforward=16, dropout=0.5, batch_first=True)
    for layer, stack in (
        (nn.TransformerEncoderLayer, nn.TransformerEncoder),
        (nn.TransformerDecoderLayer, nn.TransformerDecoder),
    ):
        yield layer(8, 2, **sizes), seq
        yield stack(layer(8, 2, **sizes), 2), seq
    yield nn.Transformer(8, 2, 1, 1, **sizes), seq


def run(layer, x):  # attention takes (query, key, value); decoders (x, memory)
    if isinstance(layer, nn.MultiheadAttention):
        return layer(x, x, x)[0]
    decoders = (
        nn.TransformerDecoderLayer,
        nn.TransformerDecoder,
        nn.Transformer,
    )
    out = layer(x, x) if isinstance(layer, decoders) else layer(x)
    return out[0] if isinstance(out, tuple) else out


checked = []
for layer, shape in layers():
    layer.eval()
    x = torch.randn(*shape, requires_grad=True)
    y = run(layer, x)
    assert y.requires_grad, type(layer).__name__
    y.sum().backward()
    assert x.grad is not None, type(layer).__name__
    assert all(p.grad is not None for p in layer.parameters()), layer
    checked.append(type(layer).__name__)
assert len(checked) == 35
mixed = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5), nn.BatchNorm1d(4))
mixed.eval()
mixed[1].train()  # mixed modes: Dropout on in an eval-mode model
mixed(torch.randn(3, 4)).sum().backward()
assert all(p.grad is not None for p in mixed.parameters())
assert out.grad_fn is not None and filled == 6
# --8<-- [end:check]
