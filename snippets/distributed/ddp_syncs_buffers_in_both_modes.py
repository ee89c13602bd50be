"""A new DDP's first forward copies rank 0's buffers to every rank in train and eval mode, with or without grad."""

# Two processes on CPU (gloo). start_method="fork" keeps this fast on Linux;
# mp.spawn runs the same function.

# --8<-- [start:show]
import itertools
import socket

import torch
from torch.multiprocessing import Manager, start_processes
from torch.nn.parallel import DistributedDataParallel as DDP


def run(rank, port, seen):
    url = f"tcp://127.0.0.1:{port}"
    torch.distributed.init_process_group("gloo", url, rank=rank, world_size=2)
    for sync, mode, grad in itertools.product((True, False), repeat=3):
        bn = torch.nn.BatchNorm1d(2)
        ddp = DDP(bn, forward_sync_buffers=sync).train(mode)
        bn.running_mean.fill_(rank)  # the ranks now disagree
        with torch.set_grad_enabled(grad):
            ddp(torch.zeros(4, 2))  # in train mode: running_mean *= 0.9
        seen[rank, sync, mode, grad] = round(bn.running_mean[0].item(), 2)


if __name__ == "__main__":
    with socket.create_server(("127.0.0.1", 0)) as server:  # a free port
        port = server.getsockname()[1]
    seen = Manager().dict()  # what the workers found
    start_processes(run, (port, seen), nprocs=2, start_method="fork")
    print("running_mean after one forward; before it rank 0 held 0, rank 1 1")
    for (rank, sync, mode, grad), value in sorted(seen.items()):
        how = f"{('eval', 'train')[mode]:5} mode, grad {('off', 'on')[grad]:3}"
        print(f"rank {rank}, forward_sync_buffers={sync!s:5}, {how}: {value}")
# --8<-- [end:show]

# --8<-- [start:check]
if __name__ == "__main__":
    assert len(seen) == 16
    for (rank, sync, mode, grad), value in seen.items():
        local = (0.9 if mode else 1.0) * rank  # own buffer; train: *= 0.9
        # synced: rank 0's buffer (0), whatever the mode and the grad mode
        assert value == (0.0 if sync else local), (rank, sync, mode, grad)
# --8<-- [end:check]
