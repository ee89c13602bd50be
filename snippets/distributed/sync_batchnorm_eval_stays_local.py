"""In eval mode SyncBatchNorm normalises each rank alone, as BatchNorm does; train mode on CPU raises ValueError."""

# Two processes on CPU (gloo), with a file store (no port to pick), whose
# batches differ: statistics synchronised across them would differ from each
# rank's own. start_method="fork" keeps this fast on Linux; mp.spawn runs
# the same function. Each worker points its fd 1 at os.devnull: it prints
# nothing, and torch's gloo prints a connection banner from every rank on
# some releases.

# --8<-- [start:show]
import itertools
import os
import tempfile

import torch
from torch.multiprocessing import Manager, start_processes


def run(rank, url, seen):
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # gloo banner on some torch
    torch.distributed.init_process_group("gloo", url, rank=rank, world_size=2)
    x = torch.arange(12.0).view(4, 3) ** (rank + 1)  # the batches differ
    for stats, mode, grad in itertools.product((True, False), repeat=3):
        sync = torch.nn.SyncBatchNorm(3, track_running_stats=stats)
        local = torch.nn.BatchNorm1d(3, track_running_stats=stats)
        try:
            with torch.set_grad_enabled(grad):
                same = torch.equal(sync.train(mode)(x), local.train(mode)(x))
            seen[rank, stats, mode, grad] = f"same as BatchNorm1d: {same}"
        except ValueError as error:
            seen[rank, stats, mode, grad] = f"ValueError: {error}"


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:  # a file store: no port to pick
        seen, url = Manager().dict(), f"file://{tmp}/store"
        start_processes(run, (url, seen), nprocs=2, start_method="fork")
    for (rank, stats, mode, grad), what in sorted(seen.items()):
        how = f"{('eval', 'train')[mode]:5} grad {('off', 'on')[grad]:3}"
        print(f"rank {rank} {how} running stats {stats!s:5}: {what[:25]}")
# --8<-- [end:show]

# --8<-- [start:check]
if __name__ == "__main__":
    flags = [(True, False)] * 3  # running stats, mode, grad
    assert sorted(seen) == sorted(itertools.product((0, 1), *flags)), seen
    for (_, _, mode, _), what in seen.items():
        if mode:  # train mode enters the synchronising branch: GPU only
            assert what.startswith("ValueError: SyncBatchNorm expected"), what
        else:  # eval: no synchronisation, with or without running stats
            assert what == "same as BatchNorm1d: True", what
# --8<-- [end:check]
