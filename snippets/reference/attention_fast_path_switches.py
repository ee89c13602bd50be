"""set_fastpath_enabled(False) stops every attention fast path; enable_nested_tensor=False only the encoder's."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # nested tensors: a prototype-stage warning
torch.manual_seed(0)
calls = []
kernels = ["_native_multi_head_attention", "_transformer_encoder_layer_fwd"]
for name in kernels:  # count calls; forward looks them up on torch each call
    kernel = getattr(torch, name)
    setattr(torch, name, lambda *a, n=name, k=kernel: calls.append(n) or k(*a))
layer = nn.TransformerEncoderLayer(4, 2, 8, batch_first=True).eval()
x, pad = torch.randn(2, 3, 4), torch.tensor([[False, False, True]] * 2)
torch.set_grad_enabled(False)
results = {}
cases = [  # (label, enable_nested_tensor, fast path enabled), all in eval
    ("set_fastpath_enabled(False)", True, False),
    ("default", True, True),
    ("enable_nested_tensor=False", False, True),
]
for label, nested, fast in cases:
    torch.backends.mha.set_fastpath_enabled(fast)
    calls.clear()
    encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=nested)
    layer.self_attn(x, x, x)
    out = encoder(x, src_key_padding_mask=pad)
    a, b = (name in calls for name in kernels)
    results[label] = a, b, c = a, b, bool((out[0, 2] == 0).all())  # zeros
    print(f"{label:27} fast: attention {a!s:5} layer {b!s:5} | nested {c}")
# --8<-- [end:show]

# --8<-- [start:check]
assert results["set_fastpath_enabled(False)"] == (False, False, False)
assert results["default"] == (True, True, True)
assert results["enable_nested_tensor=False"] == (True, True, False)
assert torch.backends.mha.get_fastpath_enabled()
assert not encoder.use_nested_tensor
# --8<-- [end:check]
