"""Under no_grad() each catalogued layer computes what it does with grad on, bar the attention fast path."""

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
# fast path, differ in the last bits) and the same buffer updates, also for a
# model whose modules are in mixed modes. Then the attention layers again,
# with a key padding mask, some samples padded at the end or padded entirely,
# and an eval-mode encoder whose second layer is in train mode, and with
# is_causal=True, with the causal mask and without any: the exceptions
# asserted there are the only differences. A BatchNorm built with
# track_running_stats=False computes the same in train and eval mode.
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

# With a key padding mask, the attention fast paths (eval mode, nothing
# recorded) differ from the ordinary path in two ways: a TransformerEncoder
# returns zeros at the padded positions, and for a sample whose every key is
# padded, where grad on gives numbers, NaN comes from MultiheadAttention's
# fast path (alone, with need_weights=False, or as a decoder's
# self-attention) and from the encoder layer's own kernel.
mask = torch.zeros(4, 5, dtype=torch.bool)
mask[0, 4:] = mask[2, 3:] = True  # some padding at the end
full = mask.clone()
full[0] = True  # sample 0: every position padded


def mha(need_weights):
    def call(layer, x, m):
        out = layer(x, x, x, key_padding_mask=m, need_weights=need_weights)
        return out[0]

    return (
        lambda: N.MultiheadAttention(8, 2, dropout=0.5, batch_first=True),
        call,
    )


def enc(layer, x, m):
    return layer(x, src_key_padding_mask=m)


def dec(layer, x, m):
    return layer(x, x, tgt_key_padding_mask=m, memory_key_padding_mask=m)


def transformer(layer, x, m):
    return layer(
        x,
        x,
        src_key_padding_mask=m,
        tgt_key_padding_mask=m,
        memory_key_padding_mask=m,
    )


def el():
    return N.TransformerEncoderLayer(8, 2, 16, 0.5, batch_first=True)


def dl():
    return N.TransformerDecoderLayer(8, 2, 16, 0.5, batch_first=True)


masked = {
    "MultiheadAttention, need_weights=False": mha(False),
    "MultiheadAttention, need_weights=True": mha(True),
    "TransformerEncoderLayer": (el, enc),
    "TransformerEncoder": (lambda: N.TransformerEncoder(el(), 2), enc),
    "TransformerDecoderLayer": (dl, dec),
    "TransformerDecoder": (lambda: N.TransformerDecoder(dl(), 2), dec),
    "Transformer": (
        lambda: N.Transformer(8, 2, 1, 1, 16, 0.5, batch_first=True),
        transformer,
    ),
    # mixed modes: an eval-mode encoder whose layers[1] is in train mode
    "TransformerEncoder, layers[1] in train mode": (
        lambda: N.TransformerEncoder(el(), 2),
        enc,
    ),
}


def outcome(name, factory, call, training, context, m):
    torch.manual_seed(1)
    x = torch.randn(4, 5, 8)
    torch.manual_seed(2)
    layer = factory().train(training)
    if name.endswith("layers[1] in train mode"):
        layer.layers[1].train()
    torch.manual_seed(3)
    try:
        with context():
            return call(layer, x, m).clone()
    except AssertionError as error:
        return str(error).split(".")[0]


nested = (
    "MultiheadAttention does not support NestedTensor outside of its fast path"
)
for name, (factory, call) in masked.items():
    for training in (True, False):
        for m in (mask, full):
            with_grad, *others = (
                outcome(name, factory, call, training, c, m) for c in CONTEXTS
            )
            assert isinstance(with_grad, torch.Tensor), name
            for y in others:
                fast = not training
                if fast and name.endswith("layers[1] in train mode"):
                    assert y == nested, name  # mixed modes: it breaks
                    continue
                if fast and name == "TransformerEncoder":
                    assert (y[m] == 0).all() and (with_grad[m] != 0).all()
                    y, with_grad_cmp = y[~m], with_grad[~m]
                elif (
                    fast
                    and m is full
                    and name != "MultiheadAttention, need_weights=True"
                ):  # NaN for sample 0 on the fast path only
                    assert y[0].isnan().all() and with_grad[0].isfinite().all()
                    y, with_grad_cmp = y[1:], with_grad[1:]
                else:
                    with_grad_cmp = with_grad
                assert torch.allclose(
                    y, with_grad_cmp, atol=1e-5, equal_nan=True
                ), (name, training, m is full)
# is_causal=True, a hint that needs a mask. Given the causal mask, every
# context agrees. Given none, the ordinary path raises (train mode, or grad
# on), and the eval fast path under no_grad() or inference_mode() ignores the
# hint: full attention, as without it, so later positions reach earlier ones.
causal = torch.ones(5, 5, dtype=torch.bool).triu(1)  # True: masked out
hinted = {
    "MultiheadAttention": (
        lambda: N.MultiheadAttention(8, 2, dropout=0.5, batch_first=True),
        lambda layer, x, m, c: layer(
            x, x, x, attn_mask=m, is_causal=c, need_weights=False
        )[0],
    ),
    "TransformerEncoderLayer": (
        el,
        lambda layer, x, m, c: layer(x, src_mask=m, is_causal=c),
    ),
    "TransformerEncoder": (
        lambda: N.TransformerEncoder(el(), 2),
        lambda layer, x, m, c: layer(x, mask=m, is_causal=c),
    ),
}


def hinted_outcome(name, training, context, m, hint=True):
    factory, call = hinted[name]
    torch.manual_seed(1)
    x = torch.randn(4, 5, 8)
    torch.manual_seed(2)
    layer = factory().train(training)
    torch.manual_seed(3)
    try:
        with context():
            return call(layer, x, m, hint).clone()
    except RuntimeError as error:
        return str(error).split(".")[0]


need_mask = "Need attn_mask if specifying the is_causal hint"
for name in hinted:
    for training in (True, False):
        masked_out = [
            hinted_outcome(name, training, c, causal) for c in CONTEXTS
        ]
        for y in masked_out[1:]:
            assert torch.allclose(y, masked_out[0], atol=1e-5), name
        with_grad, *others = (
            hinted_outcome(name, training, c, None) for c in CONTEXTS
        )
        assert with_grad == need_mask, (name, with_grad)
        no_hint = hinted_outcome(
            name, training, contextlib.nullcontext, None, hint=False
        )
        for y in others:
            if training:
                assert y == need_mask, (name, y)
                continue
            # the fast path: no error, and full attention
            assert torch.allclose(y, no_hint, atol=1e-5), name
            assert not torch.allclose(y, masked_out[0], atol=1e-5), name
for cls, shape in (
    (N.BatchNorm1d, (4, 3, 5)),
    (N.BatchNorm2d, (4, 3, 5, 5)),
    (N.BatchNorm3d, (4, 3, 2, 2, 2)),
):  # without running statistics, eval() changes nothing BatchNorm computes
    bn, x = cls(3, track_running_stats=False), torch.randn(*shape)
    assert torch.equal(bn.train()(x), bn.eval()(x)), cls
assert not first.requires_grad and not torch.equal(first, second)
assert tracked.item() == 4  # +2 under each context
# --8<-- [end:check]
