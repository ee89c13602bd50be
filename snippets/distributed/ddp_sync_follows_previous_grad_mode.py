"""DDP syncs buffers in a forward if it is the first, or if the one before it ran with grad on, in either mode."""

# Two processes on CPU (gloo), with a file store: no port to pick. Before
# each forward, rank 1 makes its buffer differ again; rank 0's is 0.
# start_method="fork" keeps this fast on Linux.

# --8<-- [start:show]
import os
import tempfile

import torch._dynamo  # DDP() imports it: here once, not in each process
from torch.multiprocessing import Manager, start_processes
from torch.nn.parallel import DistributedDataParallel as DDP


def run(rank, url, seen, steps):
    # torch's gloo prints a connection banner from every rank on some releases
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # this worker prints nothing
    torch.distributed.init_process_group("gloo", url, rank=rank, world_size=2)
    for mode in (True, False):
        ddp = DDP(torch.nn.BatchNorm1d(2)).train(mode)
        for step, grad in enumerate(steps):
            ddp.module.running_mean.fill_(rank)  # the ranks now disagree
            with torch.set_grad_enabled(grad):
                ddp(torch.zeros(4, 2))  # in train mode: running_mean *= 0.9
            seen[rank, mode, step] = ddp.module.running_mean[0].item() == 0


if __name__ == "__main__":
    steps = [True, False, False, True, False]  # grad on or off, in this order
    with tempfile.TemporaryDirectory() as tmp:  # a file store: no port to pick
        seen, url = Manager().dict(), f"file://{tmp}/store"
        start_processes(run, (url, seen, steps), nprocs=2, start_method="fork")
    print("forwards, grad on:     ", steps)
    for mode in (True, False):
        synced = [seen[1, mode, step] for step in range(len(steps))]
        print(f"{('eval', 'train')[mode]:5} mode, rank 1 synced: {synced}")
# --8<-- [end:show]

# --8<-- [start:check]
if __name__ == "__main__":
    expected = [True] + steps[:-1]  # the first, then: was the last grad on?
    for mode in (True, False):
        assert [seen[1, mode, s] for s in range(len(steps))] == expected
        assert all(seen[0, mode, s] for s in range(len(steps)))  # rank 0: 0
# --8<-- [end:check]
