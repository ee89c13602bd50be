"""Without an initialised process group, SyncBatchNorm computes exactly what BatchNorm does, in either mode."""

# --8<-- [start:show]
import torch
import torch.distributed as dist
import torch.nn as nn

torch.manual_seed(0)
sync, plain = nn.SyncBatchNorm(3), nn.BatchNorm1d(3)
x = torch.randn(8, 3, 5)
print(
    "process group initialised:", dist.is_available() and dist.is_initialized()
)

for mode in ("train", "eval"):
    with torch.no_grad():
        same = torch.equal(getattr(sync, mode)()(x), getattr(plain, mode)()(x))
    print(
        f"{mode:5} mode: same output as BatchNorm1d: {same};"
        f" running_mean {[round(v, 3) for v in sync.running_mean.tolist()]}"
    )
    assert same and torch.equal(sync.running_mean, plain.running_mean)
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
