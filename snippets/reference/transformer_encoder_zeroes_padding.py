"""In eval mode without grad, TransformerEncoder returns zeros at padded positions; otherwise it returns numbers there."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

torch.manual_seed(0)
layer = nn.TransformerEncoderLayer(
    d_model=4, nhead=2, dim_feedforward=8, dropout=0.0, batch_first=True
)
encoder = nn.TransformerEncoder(
    layer, num_layers=1
)  # enable_nested_tensor=True by default
x = torch.randn(2, 3, 4)
padding = torch.tensor(
    [[False, False, True], [False, False, False]]
)  # last token of sample 0 is padding

results = {}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    for mode, grad in (("train", False), ("eval", True), ("eval", False)):
        getattr(encoder, mode)()
        with torch.set_grad_enabled(grad):
            results[mode, grad] = encoder(
                x, src_key_padding_mask=padding
            ).detach()
for (mode, grad), out in results.items():
    print(
        f"{mode:5} mode, grad {'on ' if grad else 'off'}: padded position ->",
        [round(v, 3) + 0.0 for v in out[0, 2].tolist()],
    )
for warning in sorted({str(w.message).split(".")[0] for w in caught}):
    print("warning:", warning)
# --8<-- [end:show]

# --8<-- [start:check]
assert torch.equal(
    results["eval", False][0, 2], torch.zeros(4)
)  # the nested-tensor fast path
assert (
    results["train", False][0, 2].abs().sum() > 0
    and results["eval", True][0, 2].abs().sum() > 0
)
# The real (unpadded) positions agree across all three.
assert torch.allclose(
    results["eval", False][:, :2], results["train", False][:, :2], atol=1e-5
)
# --8<-- [end:check]
