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
N = nn


def layers():
    def el():
        return N.TransformerEncoderLayer(8, 2, 16, 0.5, batch_first=True)

    def dl():
        return N.TransformerDecoderLayer(8, 2, 16, 0.5, batch_first=True)

    yield from (
        (N.Dropout(0.5), (4, 8)),
        (N.Dropout1d(0.5), (4, 3, 5)),
        (N.Dropout2d(0.5), (4, 3, 5, 5)),
        (N.Dropout3d(0.5), (4, 3, 2, 2, 2)),
        (N.AlphaDropout(0.5), (4, 8)),
        (N.FeatureAlphaDropout(0.5), (4, 3, 5, 5)),
        (N.RReLU(), (4, 8)),
        (N.SyncBatchNorm(3), (4, 3, 5)),
    )
    norms = (
        (N.BatchNorm1d, N.InstanceNorm1d, N.LazyBatchNorm1d,
         N.LazyInstanceNorm1d, (4, 3, 5)),
        (N.BatchNorm2d, N.InstanceNorm2d, N.LazyBatchNorm2d,
         N.LazyInstanceNorm2d, (4, 3, 5, 5)),
        (N.BatchNorm3d, N.InstanceNorm3d, N.LazyBatchNorm3d,
         N.LazyInstanceNorm3d, (4, 3, 2, 2, 2)),
    )  # fmt: skip
    for bn, inorm, lazy_bn, lazy_inorm, shape in norms:
        for stats in (True, False):
            yield bn(3, track_running_stats=stats), shape
            yield inorm(3, affine=True, track_running_stats=stats), shape
        yield lazy_bn(), shape
        yield lazy_inorm(affine=True), shape
    for rnn in (N.RNN, N.LSTM, N.GRU):
        yield rnn(8, 8, num_layers=2, dropout=0.5), (5, 4, 8)
    yield N.MultiheadAttention(8, 2, dropout=0.5, batch_first=True), (4, 5, 8)
    yield el(), (4, 5, 8)
    yield N.TransformerEncoder(el(), 2), (4, 5, 8)
    yield dl(), (4, 5, 8)
    yield N.TransformerDecoder(dl(), 2), (4, 5, 8)
    yield N.Transformer(8, 2, 1, 1, 16, 0.5, batch_first=True), (4, 5, 8)


def run(layer, x):
    if isinstance(layer, N.MultiheadAttention):
        return layer(x, x, x)[0]
    if isinstance(layer, (N.TransformerDecoderLayer, N.TransformerDecoder)):
        return layer(x, x)
    if isinstance(layer, N.Transformer):
        return layer(x, x)
    out = layer(x)
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
mixed = N.Sequential(N.Linear(4, 4), N.Dropout(0.5), N.BatchNorm1d(4)).eval()
mixed[1].train()  # mixed modes: Dropout on in an eval-mode model
mixed(torch.randn(3, 4)).sum().backward()
assert all(p.grad is not None for p in mixed.parameters())
assert out.grad_fn is not None and filled == 6
# --8<-- [end:check]
