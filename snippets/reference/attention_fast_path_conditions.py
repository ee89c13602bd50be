"""MultiheadAttention skips its fast path for 20 stated reasons and one unstated one: bias=False."""

# --8<-- [start:show]
import ast
import inspect
import textwrap

import torch
import torch.nn as nn

# Every reason MultiheadAttention.forward records for skipping the fast path.
src = textwrap.dedent(inspect.getsource(nn.MultiheadAttention.forward))
reasons = []
for node in ast.walk(ast.parse(src)):
    target = getattr(node, "targets", [None])[0]
    if isinstance(target, ast.Name) and target.id == "why_not_fast_path":
        parts = getattr(node.value, "values", [node.value])  # f-string or not
        words = [p.value if type(p) is ast.Constant else "{}" for p in parts]
        if "".join(words):
            reasons.append((node.lineno, " ".join("".join(words).split())))
print(f"{len(reasons)} reasons, in source order:")
for _, text in sorted(reasons):
    print(textwrap.fill(text, 78, initial_indent="- ", subsequent_indent="  "))
calls = []  # a condition with no message: no in_proj_bias, no fast path
kernel = torch._native_multi_head_attention
torch._native_multi_head_attention = lambda *a: calls.append(1) or kernel(*a)
torch.set_grad_enabled(False)
x = torch.ones(2, 3, 4)
print("MultiheadAttention in eval mode, no grad:")
for bias in (True, False):
    calls.clear()
    nn.MultiheadAttention(4, 2, bias=bias, batch_first=True).eval()(x, x, x)
    print(f"  bias={bias}: fast path taken: {bool(calls)}")
# --8<-- [end:show]

# --8<-- [start:check]
import contextlib  # noqa: E402
import warnings  # noqa: E402

from torch.fx.experimental.proxy_tensor import make_fx  # noqa: E402

warnings.simplefilter("ignore")  # nested tensors: a prototype-stage warning
torch.set_grad_enabled(True)
x = torch.randn(2, 3, 4)


class Subclass(torch.Tensor):
    pass


def taken(change=None, inputs=None, call=None, context=contextlib.nullcontext):
    """Fast path taken with every condition met except what the arguments change."""
    torch.manual_seed(0)
    mha = nn.MultiheadAttention(4, 2, batch_first=True).eval()
    mha.requires_grad_(False)
    if change:
        change(mha)
    q = inputs(x) if inputs else x
    calls.clear()
    try:
        with context():
            call(mha, q) if call else mha(q, q, q)
    except (AssertionError, RuntimeError):
        pass  # the slow path may refuse what the fast path was spared
    return bool(calls)


def param(tensor):
    return nn.Parameter(tensor, requires_grad=False)


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


pad = torch.zeros(2, 3, dtype=torch.bool)
flips = {  # a words from each reason -> the one change that triggers it
    "floating-point masks": dict(
        call=lambda m, q: m(q, q, q, attn_mask=torch.zeros(3, 3))
    ),
    "get_fastpath_enabled": dict(context=fastpath_disabled),
    "input not batched": dict(inputs=lambda t: t[0]),
    "non-self attention": dict(call=lambda m, q: m(q, q.clone(), q.clone())),
    "self.in_proj_bias (": dict(
        change=lambda m: setattr(
            m, "in_proj_bias", param(m.in_proj_bias.double())
        )
    ),
    "in_proj_weight was None": dict(
        change=lambda m: setattr(m, "in_proj_weight", None)
    ),
    "self.in_proj_weight (": dict(
        change=lambda m: setattr(
            m, "in_proj_weight", param(m.in_proj_weight.double())
        )
    ),
    "training is enabled": dict(change=lambda m: m.train()),
    "num_heads is not even": dict(change=lambda m: setattr(m, "num_heads", 1)),
    "batch_first was not True": dict(
        change=lambda m: setattr(m, "batch_first", False)
    ),
    "bias_k was not None": dict(
        change=lambda m: setattr(m, "bias_k", param(torch.zeros(1, 1, 4)))
    ),
    "bias_v was not None": dict(
        change=lambda m: setattr(m, "bias_v", param(torch.zeros(1, 1, 4)))
    ),
    "add_zero_attn": dict(change=lambda m: setattr(m, "add_zero_attn", True)),
    "_qkv_same_embed_dim": dict(
        change=lambda m: setattr(m, "_qkv_same_embed_dim", False)
    ),
    "NestedTensor input": dict(
        inputs=nested, call=lambda m, q: m(q, q, q, key_padding_mask=pad)
    ),
    "autocast is enabled": dict(context=autocast_seen),
    "has_torch_function": dict(inputs=lambda t: t.as_subclass(Subclass)),
    "device is neither": dict(
        change=lambda m: m.to("meta"), inputs=lambda t: t.to("meta")
    ),
    "grad is enabled": dict(change=lambda m: m.requires_grad_(True)),
    "make_fx tracing": dict(
        call=lambda m, q: make_fx(lambda t: m(t, t, t))(q)
    ),
}
assert taken()  # with nothing changed, the fast path runs
assert taken(inputs=nested)  # nested input without a mask is fine
texts = [text for _, text in reasons]
for words, how in flips.items():
    matching = [text for text in texts if words in text]
    assert len(matching) == 1, (words, matching)
    assert not taken(**how), words
# Every stated reason is flipped above: a new one in torch fails here.
assert len(texts) == len(flips) == 20
assert all(any(words in text for words in flips) for text in texts)
# and the unstated one
assert not taken(change=lambda m: setattr(m, "in_proj_bias", None))
assert not taken(
    call=lambda m, q: nn.MultiheadAttention(
        4, 2, bias=False, batch_first=True
    ).eval()(q, q, q)
)
assert torch.is_autocast_enabled is not None
with torch.autocast("cpu"):
    assert taken()  # CPU autocast does not block it
# --8<-- [end:check]
