"""BatchNorm normalises with the biased batch variance but stores the unbiased one in running_var."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(4, 1) * 2 + 3  # 4 samples, 1 channel
n = x.shape[0]
biased, unbiased = x.var(0, correction=0), x.var(0)  # divide by n, n - 1
print(f"batch variance, biased: {biased.item():.4f}")
print(f"                unbiased: {unbiased.item():.4f} (x n/(n-1) = 4/3)")

bn = nn.BatchNorm1d(1, momentum=1.0, affine=False)  # keep only this batch
train_out = bn.train()(x)
eps = bn.eps
with_biased = (x - x.mean(0)) / torch.sqrt(biased + eps)
print(
    "train output uses the biased one:",
    torch.allclose(train_out, with_biased, atol=1e-6),
)
print(f"running_var after it: {bn.running_var.item():.4f} (unbiased)")

eval_out = bn.eval()(x)  # same batch, now normalised with running_var
print("eval output equals train output:", torch.allclose(eval_out, train_out))
ratio = (train_out / eval_out).mean().item()
print(f"train / eval output: {ratio:.4f}, close to sqrt(4/3)")
# --8<-- [end:show]

# --8<-- [start:check]
for cls, shaped in (
    (nn.BatchNorm1d, x),
    (nn.BatchNorm2d, x[:, :, None, None]),
    (nn.BatchNorm3d, x[:, :, None, None, None]),
):
    layer = cls(1, momentum=1.0, affine=False)
    out = layer.train()(shaped)
    mean = shaped.mean(0, keepdim=True)
    var = shaped.var(0, keepdim=True, correction=0)
    assert torch.allclose(
        out, (shaped - mean) / torch.sqrt(var + eps), atol=1e-6
    )
    assert torch.allclose(layer.running_var, unbiased)
    assert not torch.allclose(layer.eval()(shaped), out)
assert abs(ratio - (n / (n - 1)) ** 0.5) < 1e-3
# The factor is sqrt(m/(m-1)) for m values per channel (N*H*W for images),
# up to eps, and only for the normalised values: no affine, or zero bias.
torch.manual_seed(1)
images = torch.randn(4, 2, 3, 3) * 2 + 3
layer = nn.BatchNorm2d(2, momentum=1.0, affine=False)
image_ratio = layer.train()(images) / layer.eval()(images)
m = 4 * 3 * 3
assert torch.allclose(
    image_ratio, torch.full_like(image_ratio, (m / (m - 1)) ** 0.5)
)
assert not torch.allclose(
    image_ratio, torch.full_like(image_ratio, (4 / 3) ** 0.5)
)
layer = nn.BatchNorm1d(1, momentum=1.0)  # affine, weight 1, bias 0: factor
assert torch.allclose(layer.train()(x) / layer.eval()(x), train_out / eval_out)
with torch.no_grad():
    layer.bias.fill_(1.0)  # a nonzero bias: the ratio varies per element
    biased_ratio = layer.train()(x) / layer.eval()(x)
assert biased_ratio.max() - biased_ratio.min() > 0.1
# eps makes it approximate: not exactly sqrt(4/3)
assert ratio != (n / (n - 1)) ** 0.5
# --8<-- [end:check]
