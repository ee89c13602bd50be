"""With forward_sync_buffers=False, DDP() copies rank 0's buffers; with broadcast_buffers=False it does not."""
# forward_sync_buffers is new in torch 2.13 (2.12.1 and older raise a
# TypeError on it), so the two flags can be compared there only.
# Applies to: torch>=2.13

# Two processes on CPU (gloo), with a file store: no port to pick, no
# timeout to wait on. start_method="fork" needs no __main__ guard; mp.spawn
# runs the same function. Each worker points its fd 1 at os.devnull: torch's
# gloo prints a connection banner from every rank on some releases.

# --8<-- [start:show]
import os
import tempfile
import warnings

import torch._dynamo  # DDP() imports it: here once, not in each process
from torch.multiprocessing import Manager, start_processes
from torch.nn.parallel import DistributedDataParallel as DDP


def build(rank, url, kept):
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # gloo banner on some torch
    torch.distributed.init_process_group("gloo", url, rank=rank, world_size=2)
    for arg in ("forward_sync_buffers", "broadcast_buffers"):
        bn = torch.nn.BatchNorm1d(2)
        bn.running_mean.fill_(rank)  # the ranks disagree before DDP()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            DDP(bn, **{arg: False})  # no forward: construction alone
        names = sorted({w.category.__name__ for w in caught})
        kept[rank, arg] = bn.running_mean[0].item(), names


with tempfile.TemporaryDirectory() as tmp:  # a file store: no port to pick
    kept, url = Manager().dict(), f"file://{tmp}/store"
    start_processes(build, (url, kept), nprocs=2, start_method="fork")
print("running_mean after DDP(); before it rank 0 held 0, rank 1 held 1")
for (rank, arg), (value, names) in sorted(kept.items()):
    print(f"rank {rank}, {arg + '=False':26}: {value}, warned: {names}")
# --8<-- [end:show]

# --8<-- [start:check]
if __name__ == "__main__":
    assert len(kept) == 4, kept
    for rank in (0, 1):
        # forward_sync_buffers=False: rank 0's buffer (0) on every rank
        assert kept[rank, "forward_sync_buffers"] == (0.0, []), kept
        # broadcast_buffers=False: each rank keeps its own, with a warning
        assert kept[rank, "broadcast_buffers"] == (rank, ["FutureWarning"])
# --8<-- [end:check]
