"""With momentum=None, BatchNorm's running_mean is the plain average of every train-mode batch mean so far."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(1, momentum=None).train()
means, running = [], []
for shift in (0.0, 10.0, 20.0):
    x = torch.randn(8, 1) + shift
    means.append(x.mean().item())
    bn(x)
    running.append(bn.running_mean.item())
    average = sum(means) / len(means)
    print(
        f"batch mean {means[-1]:7.3f} -> running_mean {running[-1]:7.3f}",
        f"(average so far {average:7.3f})",
    )
bn.eval()(torch.randn(8, 1) + 100)  # eval batches do not count
print(
    "after an eval-mode batch:",
    round(bn.running_mean.item(), 3),
    "| batches counted:",
    int(bn.num_batches_tracked),
)
# --8<-- [end:show]

# --8<-- [start:check]
for k in range(3):
    assert abs(running[k] - sum(means[: k + 1]) / (k + 1)) < 1e-5
assert bn.num_batches_tracked == 3
assert abs(bn.running_mean.item() - sum(means) / 3) < 1e-5
# --8<-- [end:check]
