"""Rank 0 or 1 alone in a DDP forward waits for the other's call; .module, or unsynced under no_grad, does not."""

# Two processes on CPU (gloo) with a file store: no port, no timeout. In a
# case where it must, the other rank sleeps, records "joined", then makes the
# same call; a lone forward that returns with "joined" set waited for it (it
# cannot return before the other's call). "unsynced" is a DDP built with
# forward_sync_buffers=False; "grad on": its forward after a backward
# rebuilds DDP's buckets, a broadcast.

# --8<-- [start:show]
import tempfile
import time

import torch._dynamo  # DDP() imports it: here once, not in each process
from torch.multiprocessing import Manager, start_processes
from torch.nn.parallel import DistributedDataParallel as DDP


def run(rank, url, seen):
    torch.distributed.init_process_group("gloo", url, rank=rank, world_size=2)
    waits = {"ddp": 1, ".module": 0, "unsynced": 0, "unsynced, grad on": 1}
    for lone, how in [(r, how) for r in (0, 1) for how in waits]:
        ddp = DDP(torch.nn.BatchNorm1d(2), forward_sync_buffers=how[0] != "u")
        ddp(torch.ones(4, 2)).sum().backward()  # a training step, all ranks
        if rank != lone and waits[how]:  # joins late, with the same call
            time.sleep(0.1), seen.update(joined=True)
        if rank == lone or waits[how]:  # validation: eval, no_grad or not
            with torch.set_grad_enabled(how.endswith("grad on")):
                model = ddp.eval().module if how == ".module" else ddp.eval()
                model(torch.zeros(4, 2))
        if rank == lone:
            seen[lone, how] = seen.pop("joined", False)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:  # a file store: no port
        args = (f"file://{tmp}/store", seen := Manager().dict())
        start_processes(run, args, nprocs=2, start_method="fork")
    for (lone, how), joined in sorted(seen.items()):
        print(f"rank {lone} alone, {how:>17}: waited for the other: {joined}")
# --8<-- [end:show]

# --8<-- [start:check]
if __name__ == "__main__":
    waits = {"ddp": True, "unsynced, grad on": True}  # for the other rank
    waits |= {".module": False, "unsynced": False}  # no collective at all
    assert len(seen) == 2 * len(waits), seen
    for (lone, how), joined in seen.items():  # the source (0) and rank 1
        assert joined is waits[how], (lone, how)
    # with no matching call, the wait ends at the group's timeout (gloo's
    # default: 30 minutes)
    default = torch.distributed.constants.default_pg_timeout
    assert default.total_seconds() == 30 * 60
# --8<-- [end:check]
