"""With a process group, SyncBatchNorm tries to synchronise batch statistics in train mode only."""

import tempfile

import torch
import torch.distributed as dist
import torch.nn as nn

torch.manual_seed(0)
with tempfile.TemporaryDirectory() as folder:
    # A one-process group on CPU: enough for SyncBatchNorm to decide whether to synchronise.
    dist.init_process_group("gloo", init_method=f"file://{folder}/store", rank=0, world_size=1)
    sync = nn.SyncBatchNorm(3)
    x = torch.randn(8, 3, 5)  # on CPU: synchronising it is not supported
    try:
        sync.train()(x)
        train_result = "ran"
    except ValueError as error:
        train_result = f"ValueError: {error}"
    eval_result = tuple(sync.eval()(x).shape)
    dist.destroy_process_group()

print("train mode (would synchronise):", train_result)
print("eval mode (never synchronises): output shape", eval_result)
assert train_result.startswith("ValueError") and "GPU" in train_result
assert eval_result == (8, 3, 5)
