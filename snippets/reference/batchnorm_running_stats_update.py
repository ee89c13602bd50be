"""In train mode BatchNorm1d, 2d and 3d blend batch statistics into their buffers; eval mode leaves them alone."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(4, 2) + 5  # 4 samples, 2 channels
batch_mean, unbiased_var = x.mean(0), x.var(0)  # var() divides by n - 1
print(
    "batch mean:",
    [round(v, 3) for v in batch_mean.tolist()],
    "| unbiased batch var:",
    [round(v, 3) for v in unbiased_var.tolist()],
)

# The same data shaped for each layer: (N, C), (N, C, H, W), (N, C, D, H, W).
for bn, shaped in [
    (nn.BatchNorm1d(2), x),
    (nn.BatchNorm2d(2), x[:, :, None, None]),
    (nn.BatchNorm3d(2), x[:, :, None, None, None]),
]:
    with torch.no_grad():
        bn.train()(shaped)
    after_train = bn.running_mean.clone(), bn.running_var.clone()
    with torch.no_grad():
        bn.eval()(shaped)
    unchanged = torch.equal(bn.running_mean, after_train[0]) and torch.equal(
        bn.running_var, after_train[1]
    )

    name = type(bn).__name__
    print(
        f"{name}: train step -> running_mean {[round(v, 3) for v in after_train[0].tolist()]},"
        f" running_var {[round(v, 3) for v in after_train[1].tolist()]};"
        f" eval step -> unchanged: {unchanged}; num_batches_tracked: {int(bn.num_batches_tracked)}"
    )
    # momentum 0.1: new = 0.9 * old + 0.1 * batch statistic, starting from mean 0 and var 1.
    assert torch.allclose(after_train[0], 0.9 * 0 + 0.1 * batch_mean)
    assert torch.allclose(after_train[1], 0.9 * 1 + 0.1 * unbiased_var)
    assert unchanged and bn.num_batches_tracked == 1
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
