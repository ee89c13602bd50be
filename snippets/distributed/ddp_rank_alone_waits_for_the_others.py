"""Rank 0 or 1 alone in a DDP forward waits for the other's call; .module, or unsynced under no_grad, does not."""
# Two processes on CPU (gloo) with a file store: no port, no timeout. In a
# case where it must, the other rank sleeps, then marks the case True and
# makes the same call; a lone forward cannot return before the other's call,
# so it returns after that mark. Each rank then marks the case False where
# no mark is there yet (setdefault keeps the first), so a lone forward that
# returns at once, before the other's 0.1 s sleep ends, records False.
# "unsynced" is a DDP built with forward_sync_buffers=False
# (broadcast_buffers=False before torch 2.13: the release picks its
# keyword, so this runs on every release); "grad on": its forward after
# the first backward rebuilds DDP's buckets, a broadcast (once per wrapper,
# and not with find_unused_parameters=True unless static_graph=True: the
# checks).
# start_method="fork" needs no __main__ guard (mp.spawn would). Each worker
# points its fd 1 at os.devnull: it prints nothing, and torch's gloo prints a
# connection banner from every rank on some releases.

# --8<-- [start:show]
import os
import tempfile
import time

import torch._dynamo  # DDP() imports it: here once, not in each process
from torch.nn.parallel import DistributedDataParallel as DDP


def run(rank, url, seen):
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # gloo banner on some torch
    torch.distributed.init_process_group("gloo", url, rank=rank, world_size=2)
    waits = {"ddp": 1, ".module": 0, "unsynced": 0, "unsynced, grad on": 1}
    for lone, how in [(r, how) for r in (0, 1) for how in waits]:
        ddp = DDP(torch.nn.BatchNorm1d(2), **{SYNC: how[0] != "u"})
        ddp(torch.ones(4, 2)).sum().backward()  # a training step, all ranks
        if rank != lone and waits[how]:  # joins late, with the same call
            time.sleep(0.1), seen.setdefault((lone, how), True)
        if rank == lone or waits[how]:  # validation: eval, no_grad or not
            with torch.set_grad_enabled(how.endswith("grad on")):
                {".module": ddp.eval().module}.get(how, ddp)(torch.zeros(4, 2))
        seen.setdefault((lone, how), False)  # unless the other joined first


NEW = torch.__version__ >= "2.13"  # forward_sync_buffers is new in torch 2.13
SYNC = "forward_sync_buffers" if NEW else "broadcast_buffers"  # the old name
with tempfile.TemporaryDirectory() as tmp:  # a file store: no port
    args = (f"file://{tmp}/s", seen := torch.multiprocessing.Manager().dict())
    torch.multiprocessing.start_processes(run, args, 2, start_method="fork")
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
    # the keyword picked by release: forward_sync_buffers from torch 2.13 on
    import inspect

    assert NEW == ("forward_sync_buffers" in inspect.signature(DDP).parameters)

    # When the bucket rebuild runs, counted by the message _pre_forward logs
    # when it rebuilds, in one process (a rebuild needs no other rank here).
    import logging
    import warnings

    class Count(logging.Handler):
        def emit(self, record):
            rebuilt.append(record.getMessage())

    rebuilt = []  # what the current wrapper logged since the last clear()
    log = logging.getLogger("torch.nn.parallel.distributed")
    log.setLevel(logging.INFO)
    log.handlers = [Count()]  # instead of its stderr handler: count, not print
    with tempfile.TemporaryDirectory() as tmp:
        stdout = os.dup(1)  # gloo's connection banner, on some releases
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        torch.distributed.init_process_group(
            "gloo", f"file://{tmp}/store", rank=0, world_size=1
        )
        os.dup2(stdout, 1)
        for unused in (False, True):
            for static in (False, True):
                # with find_unused_parameters, a parameter it does not use
                # (else the reducer warns that it found none)
                model = torch.nn.ModuleList(
                    [torch.nn.Linear(2, 2) for _ in "ab"]
                )
                model.forward = model[0].forward  # model[1] never runs
                with warnings.catch_warnings():  # both flags: a UserWarning
                    warnings.simplefilter("ignore", UserWarning)
                    ddp = DDP(
                        model if unused else torch.nn.Linear(2, 2),
                        find_unused_parameters=unused,
                        static_graph=static,
                    )
                per_step = []
                for _ in range(4):  # four training steps
                    rebuilt.clear()
                    ddp(torch.ones(4, 2)).sum().backward()
                    per_step.append(sum("rebuilt" in m for m in rebuilt))
                rebuilt.clear()
                with torch.no_grad():
                    ddp.eval()(torch.zeros(4, 2))  # grad off: never rebuilds
                ddp.eval()(torch.zeros(4, 2))  # grad on, after the rebuild
                assert not rebuilt
                # once per wrapper: in the first forward after a backward,
                # one step later with static_graph, never with
                # find_unused_parameters alone
                assert (
                    per_step
                    == {
                        (False, False): [0, 1, 0, 0],
                        (False, True): [0, 0, 1, 0],
                        (True, False): [0, 0, 0, 0],
                        (True, True): [0, 0, 1, 0],
                    }[unused, static]
                ), (unused, static, per_step)
        torch.distributed.destroy_process_group()
# --8<-- [end:check]
