"""A TransformerEncoder zeroes padded positions when its first layer is in eval mode and would record nothing."""

# --8<-- [start:show]
import warnings

import torch

warnings.simplefilter("ignore")  # nested tensors are a prototype: a note
torch.manual_seed(0)
layer = torch.nn.TransformerEncoderLayer(4, 2, 8, 0.0, batch_first=True)
encoder = torch.nn.TransformerEncoder(layer, num_layers=2)
x, outputs, rows = torch.randn(2, 3, 4), [], []  # outputs: for the check
pad = torch.tensor([[False, False, True], [False, False, False]])
T, E = "train", "eval"
G, N, M = torch.enable_grad, torch.no_grad, torch.inference_mode
cases = [  # modes of encoder, layers[0], layers[1]; context; layers frozen
    ((T, T, T), G, 0), ((T, T, T), N, 0), ((E, E, E), G, 0),
    ((E, E, E), G, 2), ((E, E, E), N, 0), ((E, E, E), M, 0),
    ((T, E, E), N, 0), ((E, T, E), N, 0), ((E, E, T), N, 0),
    ((E, E, E), G, 1),
]  # fmt: skip
print("encoder, layers[0], [1] context         frozen  padded position")
for modes, context, frozen in cases:  # frozen: how many leading layers
    for module, mode in zip((encoder, *encoder.layers), modes):
        module.train(mode == T)
    encoder.requires_grad_(True).layers[:frozen].requires_grad_(False)
    try:
        with context():
            outputs.append(out := encoder(x, src_key_padding_mask=pad))
        rows.append([round(v, 2) for v in out[0, 2].tolist()])
    except AssertionError:
        rows.append("raises AssertionError")
    print(f"{' '.join(modes):24}{context.__name__:16}{frozen:<7}", rows[-1])
# --8<-- [end:show]

# Asserted: zeros exactly where the first layer is in eval mode and autograd
# would record nothing for it (grad off, or src and layers[0] frozen); the
# AssertionError where a later layer cannot take the nested tensor (in train
# mode, or recording with grad on). The real positions agree in every row.
# Then the other conditions of transformer.py:371-403 and 448-524, in eval
# mode under no_grad(): each one broken gives numbers at the padding (CUDA
# autocast, not run here, aside).
# --8<-- [start:check]
import torch.nn as nn  # noqa: E402

zeros = [0.0] * 4
raises = "raises AssertionError"
for (modes, context, frozen), row in zip(cases, rows):
    fast = modes[1] == E and (context is not G or frozen >= 1)
    breaks = fast and (modes[2] == T or (context is G and frozen < 2))
    if breaks:
        assert row == raises, (modes, context, frozen)
    else:
        assert (row == zeros) == fast, (modes, context, frozen)
        assert row != raises
real = ~pad  # the real positions agree in every row, to float rounding
assert all(
    torch.allclose(o[real], outputs[0][real], atol=1e-5) for o in outputs
)


def padded_zeros(mask=pad, src_mask=None, grad_x=False, enable=True, **kw):
    """Eval mode, no_grad() (or grad on with x requiring grad)."""
    torch.manual_seed(0)
    nested = kw.pop("enable_nested_tensor", True)
    batch_first = kw.setdefault("batch_first", True)
    heads = kw.pop("nhead", 2)
    norm2_eps = kw.pop("norm2_eps", None)
    mask_check = kw.pop("mask_check", True)
    layer = nn.TransformerEncoderLayer(4, heads, 8, 0.0, **kw)
    if norm2_eps is not None:  # unequal eps in norm1 and norm2
        layer.norm2.eps = norm2_eps
    enc = nn.TransformerEncoder(
        layer, 2, enable_nested_tensor=nested, mask_check=mask_check
    ).eval()
    enc.requires_grad_(False)
    src = x.clone().requires_grad_(grad_x)
    if not batch_first:
        src = src.transpose(0, 1)
    torch.backends.mha.set_fastpath_enabled(enable)
    try:
        with torch.set_grad_enabled(grad_x):
            out = enc(src, mask=src_mask, src_key_padding_mask=mask)
    finally:
        torch.backends.mha.set_fastpath_enabled(True)
    out = out if batch_first else out.transpose(0, 1)
    positions = out[mask]
    return bool(positions.numel()) and bool((positions == 0).all())


assert padded_zeros()  # the shown case, rebuilt
assert padded_zeros(activation="gelu")
right_aligned = torch.tensor([[True, False, False], [False, False, False]])
for broken in (
    dict(batch_first=False),
    dict(norm_first=True),
    dict(activation=torch.tanh),
    dict(nhead=1),  # an odd number of heads
    dict(bias=False),
    dict(norm2_eps=1e-6),  # norm1 keeps the default 1e-5
    dict(enable_nested_tensor=False),
    dict(enable=False),  # torch.backends.mha.set_fastpath_enabled(False)
    dict(mask=right_aligned),  # not left-aligned: padding first
    dict(src_mask=torch.zeros(3, 3, dtype=torch.bool)),
    dict(grad_x=True),  # grad on, src requires grad
):
    assert not padded_zeros(**broken), broken
# The padding-at-the-end test runs only with mask_check=True (the default).
# Built with mask_check=False, the encoder takes the path with a sample
# padded at the start too, raises nothing, and gets its real positions
# wrong: they differ from train mode, the last one comes out as zeros.
real = ~right_aligned
for check in (True, False):
    unchecked = nn.TransformerEncoder(layer, 2, mask_check=check)
    with torch.no_grad():
        evaluated = unchecked.eval()(x, src_key_padding_mask=right_aligned)
        trained = unchecked.train()(x, src_key_padding_mask=right_aligned)
    agree = torch.allclose(evaluated[real], trained[real], atol=1e-5)
    assert agree == check, check
    assert evaluated[0, 2].eq(0).all() == (not check), check
    assert torch.allclose(evaluated[1], trained[1], atol=1e-5)  # unpadded
# Under torch.compile (the eager backend is enough) the default mask_check
# refuses the path from torch 2.12.1 on (transformer.py:476 there; not in
# 2.8.0; 2.9 to 2.11 not run): numbers at the padding. mask_check=False
# brings it back where graph breaks are allowed; with fullgraph=True it
# raises Unsupported, as 2.8.0 does with either setting. Torch 2.4.1 fails
# to compile the call, with either setting.
refuses = torch.__version__ >= (2, 12)
unsupported = torch._dynamo.exc.Unsupported
for fullgraph in (False, True):
    for check in (True, False):
        torch._dynamo.reset()
        compiled = torch.compile(
            nn.TransformerEncoder(layer, 2, mask_check=check).eval(),
            backend="eager",
            fullgraph=fullgraph,
        )
        case = fullgraph, check
        try:
            with torch.no_grad():
                padded = compiled(x, src_key_padding_mask=pad)[pad]
        except unsupported:  # a graph break where none is allowed
            assert fullgraph and (torch.__version__ < (2, 12) or not check)
            assert torch.__version__ >= (2, 8), case
            continue
        except RuntimeError:  # torch._dynamo's TorchRuntimeError
            assert torch.__version__ < (2, 8), case
            continue
        assert torch.__version__ >= (2, 8), case
        assert not fullgraph or (refuses and check), case
        assert padded.eq(0).all() == (not (check and refuses)), case
        assert padded.ne(0).all() == (check and refuses), case
torch._dynamo.reset()
# Exported with a non-strict torch.export.export, the encoder never takes
# the path: no nested-tensor op or fused layer in the graph from 2.12.1 on,
# numbers at the padding with either setting (torch 2.8.0 too); 2.4.1 fails
# to export it. From 2.12.1 a strict export gives numbers with the
# default check and raises Unsupported with mask_check=False.
for check in (True, False):
    unchecked = nn.TransformerEncoder(layer, 2, mask_check=check).eval()
    try:
        with torch.no_grad():
            program = torch.export.export(
                unchecked, (x,), {"src_key_padding_mask": pad}, strict=False
            )
            padded = program.module()(x, src_key_padding_mask=pad)[pad]
    except RuntimeError as error:  # NestedTensorImpl doesn't support sizes
        assert torch.__version__ < (2, 8), (check, error)
        continue
    assert torch.__version__ >= (2, 8), check
    assert padded.ne(0).all(), check
    targets = [str(node.target) for node in program.graph.nodes]
    fused_ops = ("nested", "_transformer_encoder_layer_fwd")
    if refuses:
        assert not any(op in t for t in targets for op in fused_ops), check
for check in (True, False) if refuses else ():  # 2.8.0 logs to stderr
    unchecked = nn.TransformerEncoder(layer, 2, mask_check=check).eval()
    try:  # strict: numbers with the default check, Unsupported without
        with torch.no_grad():
            program = torch.export.export(
                unchecked, (x,), {"src_key_padding_mask": pad}, strict=True
            )
            padded = program.module()(x, src_key_padding_mask=pad)[pad]
    except unsupported:
        assert not check
    else:
        assert check and padded.ne(0).all()
encoder.eval().requires_grad_(True)
with torch.no_grad():  # unbatched (2-D) input: the ordinary path
    assert (encoder(x[0], src_key_padding_mask=pad[0])[2] != 0).all()
# torch.is_autocast_enabled() reads CUDA's autocast only: under CPU autocast
# the path is taken, and fails, wherever it is taken: under no_grad(), and
# with grad on for a frozen encoder; with trainable weights and grad on (no
# path) the encoder runs.
with torch.autocast("cpu", dtype=torch.bfloat16):
    assert encoder(x, src_key_padding_mask=pad).isfinite().all()
    for grad, frozen in ((False, False), (True, True)):
        encoder.requires_grad_(not frozen)
        try:
            with torch.set_grad_enabled(grad):
                encoder(x, src_key_padding_mask=pad)
        except RuntimeError as error:
            message = "expected scalar type Float but found BFloat16"
            assert message in str(error), error
        else:
            raise AssertionError(f"ran under CPU autocast, grad {grad}")
    encoder.requires_grad_(True)
# --8<-- [end:check]
