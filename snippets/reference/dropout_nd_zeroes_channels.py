"""Dropout zeroes single elements; Dropout1d, 2d and 3d zero whole channels; all scale survivors by 1/(1-p)."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
cases = {  # 6 channels of 4 values each, in the shape each layer expects
    "Dropout": (nn.Dropout(0.5), torch.ones(1, 6, 4)),
    "Dropout1d": (nn.Dropout1d(0.5), torch.ones(1, 6, 4)),  # (N, C, L)
    "Dropout2d": (nn.Dropout2d(0.5), torch.ones(1, 6, 2, 2)),  # (N, C, H, W)
    "Dropout3d": (nn.Dropout3d(0.5), torch.ones(1, 6, 1, 2, 2)),  # N,C,D,H,W
}
zeros, survivors = {}, {}
print("zeros in each of 6 channels of 4 values, train mode:")
for name, (layer, x) in cases.items():
    out = layer.train()(x).flatten(2)[0]  # one row per channel
    zeros[name] = (out == 0).sum(1).tolist()
    survivors[name] = sorted(set(out[out != 0].tolist()))
    print(f"  {name:10} {zeros[name]}  survivors: {survivors[name]}")
# --8<-- [end:show]

# --8<-- [start:check]
for name, per_channel in zeros.items():
    whole_channels = all(z in (0, 4) for z in per_channel)
    assert 0 < sum(per_channel) < 24, name
    assert whole_channels == (name != "Dropout"), name
    assert survivors[name] == [2.0], name  # 1 / (1 - 0.5)
# Dropping multiplies by 0, so "zeroes" holds for finite inputs: a dropped
# inf or nan becomes nan (0 * inf is nan), also with p=1.
for name, (layer, x) in cases.items():
    for value in (float("inf"), float("-inf"), float("nan")):
        for p in (0.5, 1.0):
            layer.p = p
            out = layer.train()(torch.full_like(x, value))
            assert not (out == 0).any(), (name, value, p)
            assert out.isnan().any(), (name, value, p)
            assert out.isnan().all() == (p == 1.0 or value != value), name
    layer.p = 0.5
# --8<-- [end:check]
