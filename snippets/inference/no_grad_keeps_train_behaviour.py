"""Under no_grad() and inference_mode() every catalogued layer computes what it computes with grad on."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.5)
).train()  # eval() forgotten
x = torch.randn(4, 4)
tracked = model[1].num_batches_tracked
for name, context in (
    ("no_grad", torch.no_grad),
    ("inference_mode", torch.inference_mode),
):
    before = tracked.item()
    with context():
        first, second = model(x), model(x)
    print(f"{name}: requires_grad {first.requires_grad}")
    print(f"  zeros {int((first == 0).sum())} of {first.numel()}", end=" | ")
    print(f"two outputs equal {torch.equal(first, second)}", end=" | ")
    print(f"BatchNorm batches tracked +{tracked.item() - before}")
# --8<-- [end:show]

# Sweep: every catalogued torch.nn layer
# Every layer the Reference catalogues, in train mode and in eval mode, run
# with the same seed under grad, no_grad() and inference_mode(): the same
# output (to float rounding: LSTM's kernels, and in eval mode the attention
# fast path, differ in the last bits) and the same buffer updates. The one
# difference in eval mode, padded positions, is the next section's snippet.
# SyncBatchNorm runs in eval mode only: its train-mode forward needs a GPU.
# --8<-- [start:check]
import contextlib  # noqa: E402
import warnings  # noqa: E402

warnings.simplefilter("ignore")  # Transformer's enable_nested_tensor note
torch.set_num_threads(1)  # many small ops: threads only add overhead
N = nn


def layers():
    """(factory, input shape) for every catalogued layer."""

    def el():
        return N.TransformerEncoderLayer(8, 2, 16, 0.5, batch_first=True)

    def dl():
        return N.TransformerDecoderLayer(8, 2, 16, 0.5, batch_first=True)

    yield from (
        (lambda: N.Dropout(0.5), (4, 8)),
        (lambda: N.Dropout1d(0.5), (4, 3, 5)),
        (lambda: N.Dropout2d(0.5), (4, 3, 5, 5)),
        (lambda: N.Dropout3d(0.5), (4, 3, 2, 2, 2)),
        (lambda: N.AlphaDropout(0.5), (4, 8)),
        (lambda: N.FeatureAlphaDropout(0.5), (4, 3, 5, 5)),
        (lambda: N.RReLU(), (4, 8)),
        (lambda: N.SyncBatchNorm(3), (4, 3, 5)),
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
            yield lambda c=bn, s=stats: c(3, track_running_stats=s), shape
            yield (
                lambda c=inorm, s=stats: c(
                    3, affine=True, track_running_stats=s
                ),
                shape,
            )
        yield lazy_bn, shape
        yield lambda c=lazy_inorm: c(affine=True), shape
    for rnn in (N.RNN, N.LSTM, N.GRU):
        yield lambda c=rnn: c(8, 8, num_layers=2, dropout=0.5), (5, 4, 8)
    yield (
        lambda: N.MultiheadAttention(8, 2, dropout=0.5, batch_first=True),
        (4, 5, 8),
    )
    yield el, (4, 5, 8)
    yield lambda: N.TransformerEncoder(el(), 2), (4, 5, 8)
    yield dl, (4, 5, 8)
    yield lambda: N.TransformerDecoder(dl(), 2), (4, 5, 8)
    yield (
        lambda: N.Transformer(8, 2, 1, 1, 16, 0.5, batch_first=True),
        (4, 5, 8),
    )


def run(layer, x):
    if isinstance(layer, N.MultiheadAttention):
        return layer(x, x, x)[0]
    if isinstance(layer, (N.TransformerDecoderLayer, N.TransformerDecoder)):
        return layer(x, x)
    if isinstance(layer, N.Transformer):
        return layer(x, x)
    out = layer(x)
    return out[0] if isinstance(out, tuple) else out


CONTEXTS = (contextlib.nullcontext, torch.no_grad, torch.inference_mode)
swept = 0
for training in (True, False):
    for factory, shape in layers():
        torch.manual_seed(1)
        x = torch.randn(*shape)
        results = []
        for context in CONTEXTS:
            torch.manual_seed(2)
            layer = factory()
            if isinstance(layer, N.SyncBatchNorm) and training:
                break
            layer.train(training)
            torch.manual_seed(3)
            with context():
                y = run(layer, x)
            buffers = [b.clone() for b in layer.buffers()]
            results.append((y.clone(), buffers))
        for y, buffers in results[1:]:
            assert torch.allclose(y, results[0][0], atol=1e-5), layer
            assert all(map(torch.equal, buffers, results[0][1])), layer
        swept += bool(results)
assert swept == 69


def mixed():  # a model whose modules are in mixed modes
    torch.manual_seed(2)
    model = N.Sequential(N.Linear(8, 8), N.BatchNorm1d(8), N.Dropout(0.5),
                         N.RReLU(), N.Linear(8, 8))  # fmt: skip
    model[1].eval()  # a frozen BatchNorm, the rest in train mode
    return model


x = torch.randn(4, 8)
results = []
for context in CONTEXTS:
    model = mixed()
    torch.manual_seed(3)
    with context():
        results.append(
            (model(x).clone(), [*map(torch.clone, model.buffers())])
        )
for y, buffers in results[1:]:
    assert torch.equal(y, results[0][0])
    assert all(map(torch.equal, buffers, results[0][1]))
assert not first.requires_grad and not torch.equal(first, second)
assert tracked.item() == 4  # +2 under each context
# --8<-- [end:check]
