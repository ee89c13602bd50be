"""A new DDP's first forward copies rank 0's buffers to every rank in train and eval mode, with or without grad."""

# Two processes on CPU (gloo), with a file store: no port to pick, no
# timeout to wait on. start_method="fork" keeps this fast on Linux and needs
# no __main__ guard; mp.spawn runs the same function. The switch for the
# broadcast in forward is forward_sync_buffers from torch 2.13 and
# broadcast_buffers before it (2.13 still takes that one, with a
# FutureWarning); the release picks the keyword, so this runs on every one.

# --8<-- [start:show]
import itertools
import os
import tempfile

import torch._dynamo  # DDP() imports it: here once, not in each process
from torch.multiprocessing import Manager, start_processes
from torch.nn.parallel import DistributedDataParallel as DDP


def run(rank, url, seen):
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # gloo banner on some torch
    torch.distributed.init_process_group("gloo", url, rank=rank, world_size=2)
    for sync, mode, grad in itertools.product((True, False), repeat=3):
        bn = torch.nn.BatchNorm1d(2)
        ddp = DDP(bn, **{SYNC: sync}).train(mode)
        bn.running_mean.fill_(rank)  # the ranks now disagree
        with torch.set_grad_enabled(grad):
            ddp(torch.zeros(4, 2))  # in train mode: running_mean *= 0.9
        seen[rank, sync, mode, grad] = round(bn.running_mean[0].item(), 2)


NEW = torch.__version__ >= "2.13"  # forward_sync_buffers is new in torch 2.13
SYNC = "forward_sync_buffers" if NEW else "broadcast_buffers"  # the old name
with tempfile.TemporaryDirectory() as tmp:  # a file store: no port to pick
    seen, url = Manager().dict(), f"file://{tmp}/store"
    start_processes(run, (url, seen), nprocs=2, start_method="fork")
print("running_mean after one forward; before it rank 0 held 0, rank 1 1")
for (rank, sync, mode, grad), value in sorted(seen.items()):
    how = f"{('eval', 'train')[mode]:5} mode, grad {('off', 'on')[grad]:3}"
    print(f"rank {rank}, forward sync {('off', 'on')[sync]:3}, {how}: {value}")
# --8<-- [end:show]

# --8<-- [start:check]
if __name__ == "__main__":
    assert len(seen) == 16
    for (rank, sync, mode, grad), value in seen.items():
        local = (0.9 if mode else 1.0) * rank  # own buffer; train: *= 0.9
        # synced: rank 0's buffer (0), whatever the mode and the grad mode
        assert value == (0.0 if sync else local), (rank, sync, mode, grad)
    # the release's DDP takes forward_sync_buffers from torch 2.13 on only
    import inspect

    assert NEW == ("forward_sync_buffers" in inspect.signature(DDP).parameters)
# --8<-- [end:check]
