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
same = {}
for mode in ("train", "eval"):
    out = getattr(sync, mode)()(x)
    same[mode] = torch.equal(out, getattr(plain, mode)()(x))
    mean = [round(v, 3) for v in sync.running_mean.tolist()]
    print(
        f"{mode:5} mode: same as BatchNorm1d: {same[mode]};",
        f"running_mean {mean}",
    )
# --8<-- [end:show]

# --8<-- [start:check]
assert all(same.values())
assert torch.equal(sync.running_mean, plain.running_mean)
with torch.no_grad():
    for mode in ("train", "eval"):
        a, b = getattr(sync, mode)()(x), getattr(plain, mode)()(x)
        assert torch.equal(a, b)
# --8<-- [end:check]
