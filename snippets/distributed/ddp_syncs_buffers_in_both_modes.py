"""A new DDP's first forward copies rank 0's buffers to every rank in train and eval mode, with or without grad."""
# forward_sync_buffers is new in torch 2.13 (2.12.1 and older raise a
# TypeError on it); before 2.13, broadcast_buffers=False stops the sync.
# Applies to: torch>=2.13

# Two processes on CPU (gloo), with a file store: no port to pick, no
# timeout to wait on. start_method="fork" keeps this fast on Linux;
# mp.spawn runs the same function.

# --8<-- [start:show]
import itertools
import os
import tempfile

import torch._dynamo  # DDP() imports it: here once, not in each process
from torch.multiprocessing import Manager, start_processes
from torch.nn.parallel import DistributedDataParallel as DDP


def run(rank, url, seen):
    # torch's gloo prints a connection banner from every rank on some releases
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # this worker prints nothing
    torch.distributed.init_process_group("gloo", url, rank=rank, world_size=2)
    for sync, mode, grad in itertools.product((True, False), repeat=3):
        bn = torch.nn.BatchNorm1d(2)
        ddp = DDP(bn, forward_sync_buffers=sync).train(mode)
        bn.running_mean.fill_(rank)  # the ranks now disagree
        with torch.set_grad_enabled(grad):
            ddp(torch.zeros(4, 2))  # in train mode: running_mean *= 0.9
        seen[rank, sync, mode, grad] = round(bn.running_mean[0].item(), 2)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:  # a file store: no port to pick
        seen, url = Manager().dict(), f"file://{tmp}/store"
        start_processes(run, (url, seen), nprocs=2, start_method="fork")
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


# Buffers that differ before DDP() is built: forward_sync_buffers=False
# still copies rank 0's at construction; the deprecated
# broadcast_buffers=False (a FutureWarning) keeps each rank's own.
def build(rank, url, kept):
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # as in run()
    torch.distributed.init_process_group("gloo", url, rank=rank, world_size=2)
    for arg in ("forward_sync_buffers", "broadcast_buffers"):
        bn = torch.nn.BatchNorm1d(2)
        bn.running_mean.fill_(rank)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)
            DDP(bn, **{arg: False})
        kept[rank, arg] = bn.running_mean[0].item()


if __name__ == "__main__":
    import warnings

    with tempfile.TemporaryDirectory() as tmp, Manager() as manager:
        kept, url = manager.dict(), f"file://{tmp}/store"
        start_processes(build, (url, kept), nprocs=2, start_method="fork")
        kept = dict(kept)
    assert kept[1, "forward_sync_buffers"] == 0.0, kept  # rank 0's
    assert kept[1, "broadcast_buffers"] == 1.0, kept  # its own
    assert kept[0, "forward_sync_buffers"] == kept[0, "broadcast_buffers"] == 0
# --8<-- [end:check]
