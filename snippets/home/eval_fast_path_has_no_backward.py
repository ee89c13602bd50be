"""In eval mode a frozen encoder layer takes its fast path even if its mask requires grad; backward then raises."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
layer.requires_grad_(False)  # frozen weights: only the mask is learned
x = torch.randn(2, 5, 8)
bias = torch.zeros(5, 5, requires_grad=True)  # a learned attention bias


def backward_through_mask(model):
    bias.grad = None
    out = model(x, bias)  # the input, then its attention mask
    try:
        out.sum().backward()
        result = "bias.grad filled"
    except RuntimeError as error:
        result = "backward raises:\n    " + str(error).splitlines()[0]
    return f"output requires_grad={out.requires_grad}, {result}"


for mode in (True, False):
    print(f"training={mode}:", backward_through_mask(layer.train(mode)))
torch.backends.mha.set_fastpath_enabled(False)  # no fast path: it works
print("eval, fast path off:", backward_through_mask(layer.eval()))
torch.backends.mha.set_fastpath_enabled(True)
# --8<-- [end:show]

# --8<-- [start:check]
import warnings  # noqa: E402

warnings.simplefilter("ignore")  # the nested-tensor notice of the stack
RAISES = (
    "derivative for aten::_transformer_encoder_layer_fwd is not implemented"
)


def outcome(model):
    text = backward_through_mask(model)
    assert text.startswith("output requires_grad=True"), text  # recorded
    return "raises" if RAISES in text else "filled" * (bias.grad is not None)


stack = nn.TransformerEncoder(
    nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2
).requires_grad_(False)
for model in (layer, stack):  # the layer and a stack of layers
    assert outcome(model.train()) == "filled"
    assert outcome(model.eval()) == "raises"
    # Anything else that needs a gradient turns the fast path off.
    model.requires_grad_(True)
    assert outcome(model.eval()) == "filled"
    model.requires_grad_(False)
    x.requires_grad_(True)
    assert outcome(model.eval()) == "filled"
    x.requires_grad_(False)
    torch.backends.mha.set_fastpath_enabled(False)
    assert outcome(model.eval()) == "filled"
    # Not in TorchScript: it ignores the switch (the scripted code reads
    # get_fastpath_enabled() as True), so backward still raises.
    with warnings.catch_warnings():  # newer torch: torch.jit is deprecated
        warnings.filterwarnings("ignore", ".*deprecated", FutureWarning)
        scripted = torch.jit.script(model)
    assert outcome(scripted) == "raises"
    torch.backends.mha.set_fastpath_enabled(True)
    assert outcome(model.eval()) == "raises"
# torch.compile honours the switch: a layer compiled with it on leaves the
# fast path once it is off, and takes it again once it is back on.
torch._dynamo.reset()
compiled = torch.compile(layer.eval(), backend="eager")
for enabled in (True, False, True):
    torch.backends.mha.set_fastpath_enabled(enabled)
    assert outcome(compiled) == ("raises" if enabled else "filled"), enabled
torch.backends.mha.set_fastpath_enabled(True)

# Each layer of a stack runs that test on its own input and weights: a
# trainable weight of the first layer keeps every layer off the fast path,
# one of a later layer leaves the first on it, and backward raises.
for index, expected in ((0, "filled"), (1, "raises")):
    stack.requires_grad_(False).layers[index].linear1.requires_grad_(True)
    assert outcome(stack.eval()) == expected, index
stack.requires_grad_(False)

# A float key padding mask that requires grad does the same; a
# MultiheadAttention alone sends it to its slow path, where backward works.
padding = torch.zeros(2, 5, requires_grad=True)
flat = nn.TransformerEncoder(
    nn.TransformerEncoderLayer(8, 2, 16, batch_first=True),
    2,
    enable_nested_tensor=False,
).requires_grad_(False)
# The layer alone, and a TransformerEncoder with its nested-tensor path off
# (the layers get the float mask): recorded, and no backward.
for model in (layer, flat):
    out = model.eval()(x, src_key_padding_mask=padding)
    assert out.requires_grad
    try:
        out.sum().backward()
        raise AssertionError("backward ran on the fast path")
    except RuntimeError as error:
        assert RAISES in str(error), error
# A TransformerEncoder on its nested-tensor path turns that mask into a
# boolean one: its output does not depend on it, and requires no grad.
assert not stack.eval()(x, src_key_padding_mask=padding).requires_grad
mha = (
    nn.MultiheadAttention(8, 2, batch_first=True).requires_grad_(False).eval()
)
padding.grad = None
mha(x, x, x, key_padding_mask=padding)[0].sum().backward()
assert padding.grad is not None

# Without batch_first there is no fast path: backward works in both modes.
seq_first = nn.TransformerEncoderLayer(8, 2, 16).requires_grad_(False)
for mode in (True, False):
    bias.grad = None
    seq_first.train(mode)(x.transpose(0, 1), bias).sum().backward()
    assert bias.grad is not None, mode

# MultiheadAttention alone, frozen, with the same mask: fine in both modes.
attention = nn.MultiheadAttention(8, 2, batch_first=True).requires_grad_(False)
for mode in (True, False):
    attention.train(mode)
    bias.grad = None
    attention(x, x, x, attn_mask=bias)[0].sum().backward()
    assert bias.grad is not None, mode
# --8<-- [end:check]
