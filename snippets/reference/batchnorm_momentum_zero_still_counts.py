"""With momentum=0, train mode keeps the running statistics but uses batch statistics and still counts batches."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(2, momentum=0.0).train()
x = torch.randn(8, 2) * 3 + 10
out = bn(x)
print(
    "running_mean:",
    bn.running_mean.tolist(),
    "| running_var:",
    bn.running_var.tolist(),
)
print("num_batches_tracked:", int(bn.num_batches_tracked))
print(
    "train output mean per channel:",
    [round(v, 3) + 0.0 for v in out.mean(0).tolist()],
)
print("equals eval mode's output:", torch.allclose(out, bn.eval()(x)))
# --8<-- [end:show]

# --8<-- [start:check]
assert torch.equal(bn.running_mean, torch.zeros(2))
assert torch.equal(bn.running_var, torch.ones(2))
assert bn.num_batches_tracked == 1
assert torch.allclose(out.mean(0), torch.zeros(2), atol=1e-5)
assert not torch.allclose(out, bn.eval()(x))
# only for finite batch statistics: 0 * inf is nan, so a train batch holding
# an inf (or a nan) leaves nan in that channel's running statistics
bad = torch.randn(4, 2)
bad[0, 0] = float("inf")
kept = nn.BatchNorm1d(2, momentum=0.0).train()
kept(bad)
assert kept.running_mean[0].isnan() and kept.running_var[0].isnan()
assert kept.running_mean[1] == 0 and kept.running_var[1] == 1
# --8<-- [end:check]
