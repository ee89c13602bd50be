"""A rank that runs eval through DDP alone waits for the others; .module or forward_sync_buffers=False do not."""

# Two processes on CPU (gloo); rank 1 validates, rank 0 does not. The group's
# timeout is 1 s here (the default is 30 minutes), so the wait ends in an
# error instead of a hang. start_method="fork" keeps this fast on Linux.

# --8<-- [start:show]
import datetime
import socket

import torch
from torch.multiprocessing import Manager, start_processes
from torch.nn.parallel import DistributedDataParallel as DDP


def run(rank, port, seen):
    url = f"tcp://127.0.0.1:{port}"
    torch.distributed.init_process_group("gloo", url, rank=rank, world_size=2)
    plain = DDP(torch.nn.BatchNorm1d(2), forward_sync_buffers=False).eval()
    group = torch.distributed.new_group(timeout=datetime.timedelta(seconds=1))
    ddp = DDP(torch.nn.BatchNorm1d(2), process_group=group).eval()
    ways = {"ddp": ddp, "ddp.module": ddp.module, "unsynced ddp": plain}
    for how, model in ways.items() if rank == 1 else ():  # rank 1 alone
        try:
            seen[how] = ("ran", str(model(torch.zeros(4, 2)).shape))
        except RuntimeError as error:  # the message varies: print its type
            seen[how] = (type(error).__name__, str(error))
    torch.distributed.barrier()  # in the default group: no rank waits long


if __name__ == "__main__":
    with socket.create_server(("127.0.0.1", 0)) as server:  # a free port
        port = server.getsockname()[1]
    seen = Manager().dict()  # what the workers found
    start_processes(run, (port, seen), nprocs=2, start_method="fork")
    for how, what in seen.items():
        print(f"rank 1 alone, in eval mode, through {how:>12}: {what[0]}")
# --8<-- [end:show]

# --8<-- [start:check]
if __name__ == "__main__":
    # gloo says "Timed out waiting 1000ms for recv operation to complete"
    # or "Application timeout caused pair closure", depending on timing
    assert seen["ddp"][0] == "RuntimeError", seen
    assert "time" in seen["ddp"][1].lower(), seen
    for how in ("ddp.module", "unsynced ddp"):
        assert seen[how][0] == "ran", seen
# --8<-- [end:check]
