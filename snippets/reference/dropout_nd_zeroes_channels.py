"""Dropout zeroes single elements, while Dropout1d, Dropout2d and Dropout3d zero whole channels."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
cases = {  # 6 channels of 4 values each, in the shape each layer expects
    "Dropout": (nn.Dropout(0.5), torch.ones(1, 6, 4)),
    "Dropout1d": (nn.Dropout1d(0.5), torch.ones(1, 6, 4)),  # (N, C, L)
    "Dropout2d": (nn.Dropout2d(0.5), torch.ones(1, 6, 2, 2)),  # (N, C, H, W)
    "Dropout3d": (
        nn.Dropout3d(0.5),
        torch.ones(1, 6, 1, 2, 2),
    ),  # (N, C, D, H, W)
}
print("zeros in each of 6 channels of 4 values, train mode:")
for name, (layer, x) in cases.items():
    out = layer.train()(x).flatten(2)[0]  # one row per channel
    zeros_per_channel = (out == 0).sum(1).tolist()
    print(f"  {name:10} {zeros_per_channel}")
    whole_channels = all(zeros in (0, 4) for zeros in zeros_per_channel)
    if name == "Dropout":
        assert not whole_channels, (
            "plain Dropout zeroes elements, leaving channels partly zeroed"
        )
    else:
        assert whole_channels and 0 < sum(zeros_per_channel) < out.numel(), (
            name
        )
    assert torch.equal(out[out != 0], torch.full_like(out[out != 0], 2.0)), (
        name
    )
print("survivors, in every layer: 1/(1-p) = 2.0")
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
