"""AlphaDropout sets dropped elements to one negative value, not zero, keeping mean near 0 and std near 1."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(100_000)  # zero mean, unit std: what SELU networks keep
p = 0.2
out = nn.AlphaDropout(p).train()(x)

values, counts = out.unique(return_counts=True)
dropped_value = values[counts.argmax()].item()  # shared by every dropped one
dropped_share = counts.max().item() / x.numel()
zeros = int((out == 0).sum())
print(f"input  mean {x.mean():.2f}, std {x.std():.2f}")
print(f"output mean {out.mean():.2f}, std {out.std():.2f}")
print(f"dropped: {dropped_share:.2f} of all, each {dropped_value:.4f}")
print(f"zeros in the output: {zeros}")

# FeatureAlphaDropout does the same to whole channels.
feature = nn.FeatureAlphaDropout(0.5).train()(torch.randn(1, 6, 4))[0]
one_value = [bool((row == row[0]).all()) for row in feature]
print("FeatureAlphaDropout, channel set to one value:")
print("  ", one_value)
# --8<-- [end:show]

# --8<-- [start:check]
assert abs(dropped_share - p) < 0.01 and dropped_value < -0.5
assert zeros == 0
assert abs(out.mean()) < 0.02 and abs(out.std() - 1) < 0.02
assert any(one_value) and not all(one_value)
# Mean and std are kept only for an input with mean 0 and std 1
torch.manual_seed(0)
shifted = torch.randn(100_000) * 3 + 5
moved = nn.AlphaDropout(p).train()(shifted)
assert abs(moved.mean() - shifted.mean()) > 1
assert abs(moved.std() - shifted.std()) > 0.2
# and only for p < 1: with p=1 both layers return zeros in train mode
assert torch.equal(nn.AlphaDropout(1.0).train()(x), torch.zeros_like(x))
channels = torch.randn(2, 6, 4)
dropped = nn.FeatureAlphaDropout(1.0).train()(channels)
assert torch.equal(dropped, torch.zeros_like(channels))
# For finite inputs: p=1 multiplies by 0, so a non-finite element gives nan
mixed = torch.tensor([float("inf"), float("-inf"), float("nan"), 1.0])
dropped = nn.AlphaDropout(1.0).train()(mixed)
assert dropped[:3].isnan().all() and dropped[3] == 0
dropped = nn.FeatureAlphaDropout(1.0).train()(
    mixed.view(1, 4, 1).expand(2, 4, 3)
)
assert dropped[:, :3].isnan().all() and (dropped[:, 3] == 0).all()
# For any p: a dropped inf or nan becomes nan, a kept inf stays inf.
infinite = torch.full((2, 400, 1), float("inf"))
for layer in (nn.AlphaDropout(0.5), nn.FeatureAlphaDropout(0.5)):
    out = layer.train()(infinite)
    assert out.isnan().any() and out.isinf().any(), layer
    assert (out.isnan() | out.isinf()).all(), layer
# --8<-- [end:check]
