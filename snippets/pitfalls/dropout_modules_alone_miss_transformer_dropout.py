"""Dropout modules alone in train mode leave an eval batch_first Transformer layer deterministic under no_grad."""

# --8<-- [start:show]
import torch
import torch.nn as nn

DropoutNd = nn.modules.dropout._DropoutNd  # the whole Dropout family


def spread(layer, x, n=10):  # largest std over n predictions
    return torch.stack([layer(x).detach() for _ in range(n)]).std(0).max()


def dropout_only(layer):  # eval, then only the Dropout modules in train
    for module in layer.eval().modules():
        if isinstance(module, DropoutNd):
            module.train()
    return layer


torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.3, batch_first=True)
layer, x = dropout_only(layer), torch.randn(1, 5, 8)
with torch.no_grad():
    print(f"batch_first, no_grad:     spread {spread(layer, x):.3f}")
print(f"batch_first, grad on:     spread {spread(layer, x):.3f}")
default = dropout_only(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.3))
with torch.no_grad():  # batch_first=False: no fast path, its Dropout drops
    print(
        f"default layout, no_grad:  spread {spread(default, x[0, :, None]):.3f}"
    )
# --8<-- [end:show]


# --8<-- [start:check]
import warnings  # noqa: E402

# The Dropout-modules-only recipe, on every module that drops without (only)
# a Dropout module, under no_grad (where the fast paths run): no spread.
old_recipe = dropout_only


seq, pad = torch.randn(2, 5, 8), torch.tensor([[False] * 3 + [True] * 2] * 2)
kw = dict(nhead=2, dim_feedforward=16, dropout=0.5, batch_first=True)
cases = {
    "TransformerEncoderLayer": (
        nn.TransformerEncoderLayer(8, **kw),
        lambda m: m(seq),
    ),
    "TransformerEncoder, padding mask": (
        nn.TransformerEncoder(
            nn.TransformerEncoderLayer(8, **kw), 2, enable_nested_tensor=False
        ),
        lambda m: m(seq, src_key_padding_mask=pad),
    ),
    "MultiheadAttention": (
        nn.MultiheadAttention(8, 2, dropout=0.5, batch_first=True),
        lambda m: m(seq, seq, seq)[0],
    ),
    "RNN": (nn.RNN(8, 8, 2, dropout=0.5), lambda m: m(seq)[0]),
    "LSTM": (nn.LSTM(8, 8, 2, dropout=0.5), lambda m: m(seq)[0]),
    "GRU": (nn.GRU(8, 8, 2, dropout=0.5), lambda m: m(seq)[0]),
}
for name, (module, call) in cases.items():
    old_recipe(module)
    with torch.no_grad():
        outs = [call(module) for _ in range(4)]
    assert all(torch.equal(outs[0], o) for o in outs), name
    if name in ("TransformerEncoderLayer", "TransformerEncoder, padding mask"):
        with torch.enable_grad():  # no fast path: its Dropout modules drop
            assert not torch.equal(call(module), call(module)), name
    else:  # no Dropout module to switch on: deterministic with grad too
        outs = [call(module) for _ in range(3)]
        assert all(torch.equal(outs[0], o) for o in outs), name
with torch.no_grad():
    assert spread(old_recipe(layer), x) == 0
    layer.training = True  # the layer's own flag: no fast path
    assert spread(layer, x) > 0
for module in (
    nn.MultiheadAttention(8, 2),
    nn.RNN(8, 8, 2),
    nn.LSTM(8, 8, 2),
    nn.GRU(8, 8, 2),
):
    assert not any(isinstance(m, DropoutNd) for m in module.modules())
decoder = old_recipe(nn.TransformerDecoderLayer(8, **kw))  # no fast path
with torch.no_grad():
    assert not torch.equal(decoder(seq, seq), decoder(seq, seq))

# The fast path needs its other conditions too: where one fails (the
# default batch_first=False, an activation other than relu/gelu, an odd
# nhead, unbatched input, a forward hook or pre-hook on the layer or on any
# of its submodules), the Dropout-only recipe drops. A hook stops the fast
# path from torch 2.8.0 on; the fast path of 2.4.1 looks for no hooks, so
# there the hooked layer is still deterministic.
hook_stops_fast_path = torch.__version__ >= (2, 8)
tokens = torch.randn(5, 8)
others = {
    "batch_first=False (default)": (dict(), tokens[:, None]),
    "activation=F.silu": (
        dict(batch_first=True, activation=nn.functional.silu),
        tokens[None],
    ),
    "odd nhead": (dict(batch_first=True, nhead=1), tokens[None]),
    "unbatched input": (dict(batch_first=True), tokens),
    "forward hook": (dict(batch_first=True), tokens[None]),
    "forward pre-hook on dropout1": (dict(batch_first=True), tokens[None]),
    "forward hook on linear1": (dict(batch_first=True), tokens[None]),
}
hooked = [name for name in others if "hook" in name]
for name, (options, src) in others.items():
    options = {"nhead": 2, **options}
    layer = nn.TransformerEncoderLayer(
        8, dim_feedforward=16, dropout=0.3, **options
    )
    if name == "forward hook":
        layer.register_forward_hook(lambda *args: None)
    if name == "forward pre-hook on dropout1":
        layer.dropout1.register_forward_pre_hook(lambda *args: None)
    if name == "forward hook on linear1":
        layer.linear1.register_forward_hook(lambda *args: None)
    with torch.no_grad():
        drops = spread(old_recipe(layer), src) > 0
    assert drops == (name not in hooked or hook_stops_fast_path), name
fast = old_recipe(nn.TransformerEncoderLayer(8, 2, 16, 0.3, batch_first=True))
# A global hook (register_module_forward_hook, or its pre-hook) is not one
# the fast path looks for: the samples stay identical, and the hook sees the
# layer only, never its Dropout modules.
module_hooks = nn.modules.module
seen = []
for register in (
    module_hooks.register_module_forward_hook,
    module_hooks.register_module_forward_pre_hook,
):
    handle = register(lambda module, *args: seen.append(type(module)))
    with torch.no_grad():
        assert spread(fast, tokens[None]) == 0, register
    handle.remove()
    assert set(seen) == {nn.TransformerEncoderLayer}, register
    seen.clear()
# set_fastpath_enabled(False) works eager and under torch.compile, which
# guards on it (a layer compiled with it on drops once it is off), not in
# TorchScript: that ignores it (get_fastpath_enabled() is True while
# scripting), so a scripted layer keeps its fast path, its samples identical.
with warnings.catch_warnings():  # newer torch warns: torch.jit deprecated
    warnings.filterwarnings("ignore", ".*deprecated", FutureWarning)
    scripted = torch.jit.script(fast)
torch._dynamo.reset()
compiled = torch.compile(fast, backend="eager")
with torch.no_grad():
    assert spread(fast, tokens[None]) == 0  # all conditions hold: no spread
    assert spread(compiled, tokens[None]) == 0  # compiled with the switch on
    torch.backends.mha.set_fastpath_enabled(False)  # fast path off: it drops
    assert spread(fast, tokens[None]) > 0
    assert spread(compiled, tokens[None]) > 0
    assert spread(scripted, tokens[None]) == 0  # not in TorchScript
    torch.backends.mha.set_fastpath_enabled(True)
    assert spread(scripted, tokens[None]) == 0
    assert spread(compiled, tokens[None]) == 0  # the fast path again
scripted.training = True  # the layer's own flag: no fast path, scripted too
with torch.no_grad():
    assert spread(scripted, tokens[None]) > 0
with torch.no_grad():
    default_encoder = old_recipe(
        nn.TransformerEncoder(
            nn.TransformerEncoderLayer(8, 2, 16, 0.5),
            2,
            enable_nested_tensor=False,
        )
    )
    assert spread(default_encoder, seq.transpose(0, 1)) > 0
# --8<-- [end:check]
