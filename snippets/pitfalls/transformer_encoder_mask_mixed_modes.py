"""With a padding mask under no_grad, TransformerEncoder raises if layers[0] is in eval and a later layer is not."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

warnings.filterwarnings("ignore", "The PyTorch API of nested tensors")
torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
encoder = nn.TransformerEncoder(layer, num_layers=2).eval()
x = torch.randn(2, 4, 8)
pad = torch.tensor([[False, False, True, True], [False] * 4])


def run(label):
    try:
        with torch.no_grad():
            encoder(x, src_key_padding_mask=pad)
        print(f"{label}: runs")
    except AssertionError as error:
        print(f"{label}: AssertionError:\n  {str(error).split('. ')[0]}.")


encoder.layers[1].train()  # MC dropout on the last layer only
run("layers[1] in train mode")
encoder.use_nested_tensor = False  # or enable_nested_tensor=False
run("the same, use_nested_tensor = False")
encoder.use_nested_tensor = True
encoder.layers[0].training = True  # the first layer's flag, only
run("the same, layers[0].training = True")
# --8<-- [end:show]

# --8<-- [start:check]
import itertools  # noqa: E402


def raises(encoder, grad):
    try:
        with torch.set_grad_enabled(grad):
            encoder(x, src_key_padding_mask=pad)
    except AssertionError as error:
        assert "does not support NestedTensor outside of its fast path" in str(
            error
        )
        return True
    return False


# The rule, for 3 layers in every combination of modes, in both grad modes:
# it raises exactly when the nested-tensor path starts (no grad needed,
# layers[0] in eval, a mask, nested tensors on, fast path on) and a later
# layer is in train mode.
encoder = nn.TransformerEncoder(
    nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), num_layers=3
)
for modes, grad, nested, fastpath in itertools.product(
    itertools.product((False, True), repeat=3),
    (False, True),
    (False, True),
    (False, True),
):
    for layer, mode in zip(encoder.layers, modes):
        layer.train(mode)
    encoder.use_nested_tensor = nested
    torch.backends.mha.set_fastpath_enabled(fastpath)
    try:
        nested_path = not grad and not modes[0] and nested and fastpath
        assert raises(encoder, grad) == (nested_path and any(modes[1:])), (
            modes,
            grad,
            nested,
            fastpath,
        )
    finally:
        torch.backends.mha.set_fastpath_enabled(True)

built_off = nn.TransformerEncoder(
    nn.TransformerEncoderLayer(8, 2, 16, batch_first=True),
    2,
    enable_nested_tensor=False,
).eval()
built_off.layers[1].train()
assert not raises(built_off, False) and not built_off.use_nested_tensor
# torch.compile honours the switch too (TorchScript does not: see the
# Reference). Compiled, torch 2.8.0 raises with it on (from 2.12.1 the
# compiled encoder's default mask_check refuses the nested path; 2.4.1 fails
# to compile it); with it off the compiled encoder runs, on every release.
mixed = nn.TransformerEncoder(
    nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 2
).eval()
mixed.layers[1].train()
torch._dynamo.reset()
compiled = torch.compile(mixed, backend="eager")
if (2, 8) <= torch.__version__ < (2, 12):
    assert raises(compiled, False)
torch.backends.mha.set_fastpath_enabled(False)
try:
    assert not raises(compiled, False)
finally:
    torch.backends.mha.set_fastpath_enabled(True)
# --8<-- [end:check]
