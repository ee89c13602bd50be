"""TransformerEncoderLayer skips its fast path for 15 stated reasons, each of which alone is enough."""

# --8<-- [start:show]
import ast
import inspect
import textwrap

import torch.nn as nn

# Every reason TransformerEncoderLayer.forward records for skipping it.
src = textwrap.dedent(inspect.getsource(nn.TransformerEncoderLayer.forward))
reasons = []
for node in ast.walk(ast.parse(src)):
    target = getattr(node, "targets", [None])[0]
    if isinstance(target, ast.Name) and target.id.startswith("why_not"):
        parts = getattr(node.value, "values", [node.value])  # f-string or not
        words = [p.value if type(p) is ast.Constant else "{}" for p in parts]
        if "".join(words):
            reasons.append((node.lineno, " ".join("".join(words).split())))
print(f"{len(reasons)} reasons, in source order:")
for _, text in sorted(reasons):
    print(textwrap.fill(text, 78, initial_indent="- ", subsequent_indent="  "))
# --8<-- [end:show]

# --8<-- [start:check]
import contextlib  # noqa: E402
import warnings  # noqa: E402

import torch  # noqa: E402

warnings.simplefilter("ignore")  # nested tensors: a prototype-stage warning
calls = []
kernel = torch._transformer_encoder_layer_fwd
torch._transformer_encoder_layer_fwd = lambda *a: calls.append(1) or kernel(*a)
x = torch.randn(2, 3, 4)


class Subclass(torch.Tensor):
    pass


def taken(
    options=None,
    change=None,
    inputs=None,
    call=None,
    context=contextlib.nullcontext,
):
    """Fast path taken with every condition met except what the arguments change."""
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(
        4, 2, 8, batch_first=True, **(options or {})
    )
    layer.eval().requires_grad_(False)
    if change:
        change(layer)
    src = inputs(x) if inputs else x
    calls.clear()
    try:
        with context():
            call(layer, src) if call else layer(src)
    except (AssertionError, RuntimeError):
        pass  # the slow path may refuse what the fast path was spared
    return bool(calls)


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
flips = {  # a few words from each reason -> the one change that triggers it
    "get_fastpath_enabled": dict(context=fastpath_disabled),
    "input not batched": dict(inputs=lambda t: t[0]),
    "training is enabled": dict(change=lambda m: m.train()),
    "batch_first was not True": dict(
        change=lambda m: setattr(m.self_attn, "batch_first", False)
    ),
    "bias=False": dict(options={"bias": False}),
    "_qkv_same_embed_dim": dict(
        change=lambda m: setattr(m.self_attn, "_qkv_same_embed_dim", False)
    ),
    "activation_relu_or_gelu": dict(options={"activation": torch.tanh}),
    "norm1.eps": dict(change=lambda m: setattr(m.norm2, "eps", 1e-3)),
    "NestedTensor input": dict(
        inputs=nested, call=lambda m, s: m(s, src_key_padding_mask=pad)
    ),
    "num_head is odd": dict(
        change=lambda m: setattr(m.self_attn, "num_heads", 1)
    ),
    "autocast is enabled": dict(context=autocast_seen),
    "hooks are attached": dict(
        change=lambda m: m.linear1.register_forward_hook(lambda *a: None)
    ),
    "has_torch_function": dict(inputs=lambda t: t.as_subclass(Subclass)),
    "device is neither": dict(
        change=lambda m: m.to("meta"), inputs=lambda t: t.to("meta")
    ),
    "grad is enabled": dict(change=lambda m: m.requires_grad_(True)),
}
assert taken()  # with nothing changed, the fast path runs
assert taken(inputs=nested)  # nested input without a mask is fine
assert taken(options={"norm_first": True})  # norm_first is no reason
texts = [text for _, text in reasons]
for words, how in flips.items():
    matching = [text for text in texts if words in text]
    assert len(matching) == 1, (words, matching)
    assert not taken(**how), words
# Every stated reason is flipped above: a new one in torch fails here.
assert len(texts) == len(flips) == 15
assert all(any(words in text for words in flips) for text in texts)
with torch.autocast("cpu"):
    assert taken()  # CPU autocast does not block it
# --8<-- [end:check]
