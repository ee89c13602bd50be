"""DDP's train() just calls nn.Module's train(mode); its forward picks the buffer sync without reading the mode."""

# A one-process gloo group, in this process, is enough to wrap a model.

# --8<-- [start:show]
import inspect
import os

import torch
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.nn.parallel import distributed

store = torch.distributed.HashStore()
stdout = os.dup(1)  # gloo prints a connection banner on some torch releases
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # so: fd 1 to devnull, and back
torch.distributed.init_process_group("gloo", store=store, rank=0, world_size=1)
os.dup2(stdout, 1)
model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2), nn.Dropout())
ddp = DDP(model)
flags = {}
for step in ("eval", "train", "mixed"):  # mixed: a layer set on its own
    model[2].eval() if step == "mixed" else getattr(ddp, step)()
    flags[step] = [ddp.training] + [m.training for m in model.modules()]
    print(f"{step:5}: ddp, model and its 3 layers: {flags[step]}")
lines = inspect.getsource(distributed).splitlines()
path = "torch/nn/parallel/distributed.py"
reads = [n for n, line in enumerate(lines, 1) if ".training" in line]
print(f"lines of {path} that read .training: {reads}")
for name in ("_pre_forward", "will_sync_module_buffers"):
    code, start = inspect.getsourcelines(getattr(DDP, name))
    for n, line in enumerate(code, start):
        if "sync_buf" in line or "param_sync" in line or "s_buffers)" in line:
            print(f"{path}:{n}: {line.strip()}")
# --8<-- [end:show]

# --8<-- [start:check]
assert flags["eval"] == [False] * 5 and flags["train"] == [True] * 5
assert flags["mixed"] == [True, True, True, True, False]
assert reads == []
assert DDP.train is not nn.Module.train  # it calls super().train(mode):
assert "super().train(mode)" in inspect.getsource(DDP.train)
assert DDP.eval is nn.Module.eval  # eval() is train(False)
ddp.train()  # a submodule set on its own keeps its mode only until then
assert all(m.training for m in model.modules())
torch.distributed.destroy_process_group()
# --8<-- [end:check]
