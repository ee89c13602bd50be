"""Under CPU autocast an eval encoder layer, or encoder without a padding mask, gives bfloat16 under no_grad()."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # the encoder's nested-tensor notice
torch.manual_seed(0)
x = torch.randn(2, 5, 8)  # (batch, sequence, features)
layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
encoder = nn.TransformerEncoder(layer, 2)
dtypes = {}
for name, model in (("layer", layer), ("encoder", encoder)):
    for mode in (True, False):
        for grad in (True, False):
            with torch.set_grad_enabled(grad):
                with torch.autocast("cpu", dtype=torch.bfloat16):
                    out = model.train(mode)(x)
            dtypes[name, mode, grad] = str(out.dtype).removeprefix("torch.")
        row = [f"grad {'on' if g else 'off'}: {dtypes[name, mode, g]}"
               for g in (True, False)]  # fmt: skip
        print(f"{name}, {'train' if mode else 'eval'}:", ", ".join(row))
# --8<-- [end:show]

# The check runs no_grad() and inference_mode(), the layer with a padding
# mask too, and the encoder with its nested-tensor path off. An encoder that
# takes that path with a padding mask raises instead (the inference page).
# --8<-- [start:check]
for (name, mode, grad), dtype in dtypes.items():
    fast = not mode and not grad  # eval mode, nothing recorded
    assert dtype == ("bfloat16" if fast else "float32"), (name, mode, grad)

# The second sample is padded at the end.
pad = torch.tensor([[False] * 5, [False] * 3 + [True] * 2])
flat = nn.TransformerEncoder(layer, 2, enable_nested_tensor=False)
calls = [
    lambda: layer(x),
    lambda: layer(x, src_key_padding_mask=pad),
    lambda: encoder(x),
    lambda: flat(x),
    lambda: flat(x, src_key_padding_mask=pad),
]
contexts = (torch.enable_grad, torch.no_grad, torch.inference_mode)
for mode in (True, False):
    for model in (layer, encoder, flat):
        model.train(mode)
    for context in contexts:
        fast = not mode and context is not torch.enable_grad
        for call in calls:
            with context(), torch.autocast("cpu", dtype=torch.bfloat16):
                dtype = call().dtype
            assert dtype == (torch.bfloat16 if fast else torch.float32)
# --8<-- [end:check]
