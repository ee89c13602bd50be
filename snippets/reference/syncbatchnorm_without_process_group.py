"""With no process group, a SyncBatchNorm as built computes exactly what BatchNorm does, in either mode."""

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
# For settings given at construction: built without tracking and then set
# to track, BatchNorm trains with num_batches_tracked None, SyncBatchNorm
# refuses (its forward asserts where _BatchNorm.forward skips the counter).
late = nn.SyncBatchNorm(3, track_running_stats=False)
late.track_running_stats = True
plain_late = nn.BatchNorm1d(3, track_running_stats=False)
plain_late.track_running_stats = True
plain_late.train()(x)
try:
    late.train()(x)
    message = None  # it trained
except AssertionError as error:  # a bare assert in 2.8.0 and 2.4.1
    message = str(error)
assert message in ("num_batches_tracked must not be None", ""), message
# --8<-- [end:check]
