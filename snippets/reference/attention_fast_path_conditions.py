"""MultiheadAttention skips its fast path for any of 20 stated reasons, TransformerEncoderLayer for any of 15."""

# --8<-- [start:show]
import ast
import inspect
import textwrap

import torch.nn as nn


def text(part):  # an f-string's fields read as {}
    return part.value if type(part) is ast.Constant else "{}"


wrap = textwrap.TextWrapper(78, initial_indent="- ", subsequent_indent="  ")
reasons = {}  # every reason each forward records for skipping its fast path
for cls in (nn.MultiheadAttention, nn.TransformerEncoderLayer):
    src = textwrap.dedent(inspect.getsource(cls.forward))
    found = reasons[cls] = []
    for node in ast.walk(ast.parse(src)):
        target = getattr(node, "targets", [None])[0]
        if isinstance(target, ast.Name) and target.id.startswith("why_not"):
            value = node.value  # a str, or an f-string's parts
            words = "".join(map(text, getattr(value, "values", [value])))
            if words:
                found.append((node.lineno, " ".join(words.split())))
    found.sort()
    print(f"{cls.__name__}: {len(found)} reasons, in source order:")
    for _, reason in found:
        print(wrap.fill(reason))
# --8<-- [end:show]

# Both layers, one condition at a time: each builds a layer that takes its
# fast path (its fused kernel is called), changes the one condition a reason
# names, and asserts the fused kernel is no longer called. A reason with no
# change here, or a change that no reason names, fails.
# --8<-- [start:check]
import contextlib  # noqa: E402
import warnings  # noqa: E402

import torch  # noqa: E402
from torch.fx.experimental.proxy_tensor import make_fx  # noqa: E402

warnings.simplefilter("ignore")  # nested tensors: a prototype-stage warning
MHA, LAYER = nn.MultiheadAttention, nn.TransformerEncoderLayer
KERNELS = {
    MHA: "_native_multi_head_attention",
    LAYER: "_transformer_encoder_layer_fwd",
}
calls = []  # the fused kernels called, by name
for name in KERNELS.values():
    kernel = getattr(torch, name)
    setattr(torch, name, lambda *a, k=kernel, n=name: calls.append(n) or k(*a))
x = torch.randn(2, 3, 4)


class Subclass(torch.Tensor):
    pass


def build(cls, options):
    if cls is MHA:
        return MHA(4, 2, batch_first=True, **options)
    return LAYER(4, 2, 8, batch_first=True, **options)


def taken(
    cls,
    options=None,
    change=None,
    inputs=None,
    call=None,
    context=contextlib.nullcontext,
):
    """Fast path taken with every condition met except what the arguments change."""
    torch.manual_seed(0)
    module = build(cls, options or {}).eval().requires_grad_(False)
    if change:
        change(module)
    q = inputs(x) if inputs else x
    calls.clear()
    try:
        with context():
            if call:
                call(module, q)
            else:
                module(q, q, q) if cls is MHA else module(q)
    except (AssertionError, RuntimeError):
        pass  # the slow path may refuse what the fast path was spared
    return KERNELS[cls] in calls


def param(tensor):
    return nn.Parameter(tensor, requires_grad=False)


def attribute(name, value, of=lambda m: m):
    return dict(change=lambda m: setattr(of(m), name, value(m)))


@contextlib.contextmanager
def fastpath_disabled():
    torch.backends.mha.set_fastpath_enabled(False)
    yield
    torch.backends.mha.set_fastpath_enabled(True)


@contextlib.contextmanager
def autocast_seen():  # CPU autocast does not count: the check reads CUDA's
    real = torch.is_autocast_enabled
    torch.is_autocast_enabled = lambda *a: True
    yield
    torch.is_autocast_enabled = real


def nested(t):
    return torch.nested.nested_tensor([t[0], t[1, :2]])


def attn(m):
    return m.self_attn


pad = torch.zeros(2, 3, dtype=torch.bool)
shared = {  # words of a reason both layers record -> the change that trips it
    "get_fastpath_enabled": dict(context=fastpath_disabled),
    "input not batched": dict(inputs=lambda t: t[0]),
    "training is enabled": dict(change=lambda m: m.train()),
    "autocast is enabled": dict(context=autocast_seen),
    "has_torch_function": dict(inputs=lambda t: t.as_subclass(Subclass)),
    "device is neither": dict(
        change=lambda m: m.to("meta"), inputs=lambda t: t.to("meta")
    ),
    "grad is enabled": dict(change=lambda m: m.requires_grad_(True)),
}
flips = {
    MHA: {
        **shared,
        "floating-point masks": dict(
            call=lambda m, q: m(q, q, q, attn_mask=torch.zeros(3, 3))
        ),
        "non-self attention": dict(
            call=lambda m, q: m(q, q.clone(), q.clone())
        ),
        "self.in_proj_bias (": attribute(
            "in_proj_bias", lambda m: param(m.in_proj_bias.double())
        ),
        "in_proj_weight was None": attribute("in_proj_weight", lambda m: None),
        "self.in_proj_weight (": attribute(
            "in_proj_weight", lambda m: param(m.in_proj_weight.double())
        ),
        "num_heads is not even": attribute("num_heads", lambda m: 1),
        "batch_first was not True": attribute("batch_first", lambda m: False),
        "bias_k was not None": attribute(
            "bias_k", lambda m: param(torch.zeros(1, 1, 4))
        ),
        "bias_v was not None": attribute(
            "bias_v", lambda m: param(torch.zeros(1, 1, 4))
        ),
        "add_zero_attn": attribute("add_zero_attn", lambda m: True),
        "_qkv_same_embed_dim": attribute(
            "_qkv_same_embed_dim", lambda m: False
        ),
        "NestedTensor input": dict(
            inputs=nested, call=lambda m, q: m(q, q, q, key_padding_mask=pad)
        ),
        "make_fx tracing": dict(
            call=lambda m, q: make_fx(lambda t: m(t, t, t))(q)
        ),
    },
    LAYER: {
        **shared,
        "batch_first was not True": attribute(
            "batch_first", lambda m: False, attn
        ),
        "bias=False": dict(options={"bias": False}),
        "_qkv_same_embed_dim": attribute(
            "_qkv_same_embed_dim", lambda m: False, attn
        ),
        "activation_relu_or_gelu": dict(options={"activation": torch.tanh}),
        "norm1.eps": attribute("eps", lambda m: 1e-3, lambda m: m.norm2),
        "NestedTensor input": dict(
            inputs=nested, call=lambda m, s: m(s, src_key_padding_mask=pad)
        ),
        "num_head is odd": attribute("num_heads", lambda m: 1, attn),
        "hooks are attached": dict(
            change=lambda m: m.linear1.register_forward_hook(lambda *a: None)
        ),
    },
}
for cls, count in ((MHA, 20), (LAYER, 15)):
    assert taken(cls)  # with nothing changed, the fast path runs
    assert taken(cls, inputs=nested)  # nested input without a mask is fine
    texts = [reason for _, reason in reasons[cls]]
    for words, how in flips[cls].items():
        matching = [reason for reason in texts if words in reason]
        assert len(matching) == 1, (cls, words, matching)
        assert not taken(cls, **how), (cls, words)
    # Every stated reason is flipped above: a new one in torch fails here.
    assert len(texts) == len(flips[cls]) == count, cls
    assert all(any(words in t for words in flips[cls]) for t in texts), cls
    with torch.autocast("cpu"):
        assert taken(cls)  # CPU autocast does not block it
assert taken(LAYER, options={"norm_first": True})  # norm_first is no reason
assert torch.is_autocast_enabled is not None
# --8<-- [end:check]
