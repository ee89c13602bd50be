"""In eval mode a TransformerEncoder zeroes padded positions when autograd would not record, even with grad on."""

# --8<-- [start:show]
import warnings

import torch
from torch import enable_grad as grad  # grad mode on, as it is by default

warnings.simplefilter("ignore")  # nested tensors are a prototype: a note
torch.manual_seed(0)
layer = torch.nn.TransformerEncoderLayer(4, 2, 8, 0.0, batch_first=True)
encoder = torch.nn.TransformerEncoder(layer, num_layers=2)
x, outputs = torch.randn(2, 3, 4), []  # outputs: kept for the check
pad = torch.tensor([[False, False, True], [False, False, False]])


def padded(training, context, frozen=False):
    encoder.train(training).requires_grad_(not frozen)
    with context():
        outputs.append(out := encoder(x, src_key_padding_mask=pad))
    return [round(v, 2) for v in out[0, 2].tolist()]


rows = {
    ("train", "grad"): padded(True, grad),
    ("train", "no_grad"): padded(True, torch.no_grad),
    ("eval", "grad"): padded(False, grad),
    ("eval", "grad, frozen"): padded(False, grad, True),
    ("eval", "no_grad"): padded(False, torch.no_grad),
    ("eval", "inference_mode"): padded(False, torch.inference_mode),
}
for (mode, context), values in rows.items():
    print(f"{mode:6}{context:16}padded position: {values}")
# --8<-- [end:show]

# "frozen": grad mode on, but no parameter and no input requires grad, so
# autograd has nothing to record. Asserted: zeros exactly in the eval-mode
# rows where nothing is recorded, numbers in every other row.
# --8<-- [start:check]
not_recording = {"grad, frozen", "no_grad", "inference_mode"}
for (mode, context), values in rows.items():
    zeros = all(v == 0 for v in values)
    assert zeros == (mode == "eval" and context in not_recording), (
        mode,
        context,
    )
real = ~pad  # the real positions agree in every row, to float rounding
assert all(
    torch.allclose(o[real], outputs[0][real], atol=1e-5) for o in outputs
)
# --8<-- [end:check]
