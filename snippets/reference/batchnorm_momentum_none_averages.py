"""With momentum=None, BatchNorm's running_mean is the plain average of every train-mode batch mean so far."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(1, momentum=None).train()
batch_means = []
with torch.no_grad():
    for shift in (0.0, 10.0, 20.0):
        x = torch.randn(8, 1) + shift
        batch_means.append(x.mean().item())
        bn(x)
        print(
            f"batch mean {batch_means[-1]:7.3f} -> running_mean {bn.running_mean.item():7.3f}"
            f" (average so far {sum(batch_means) / len(batch_means):7.3f})"
        )
        assert (
            abs(bn.running_mean.item() - sum(batch_means) / len(batch_means))
            < 1e-5
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
assert (
    bn.num_batches_tracked == 3
    and abs(bn.running_mean.item() - sum(batch_means) / 3) < 1e-5
)
# --8<-- [end:check]
