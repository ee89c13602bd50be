"""With a process group, only train mode enters SyncBatchNorm's synchronising branch; one process falls back."""

# --8<-- [start:show]
import ast
import inspect
import os
import textwrap

import torch
import torch.distributed as dist
import torch.nn as nn

# What SyncBatchNorm.forward decides, read from the installed torch.
src = textwrap.dedent(inspect.getsource(nn.SyncBatchNorm.forward))
sets = [n for n in ast.walk(ast.parse(src)) if isinstance(n, ast.Assign)]
decisions = [s for n in sets if (s := ast.unparse(n)).startswith("need_sync")]
wrap = textwrap.TextWrapper(76, initial_indent="  ", subsequent_indent="    ")
print("SyncBatchNorm.forward:", *map(wrap.fill, decisions), sep="\n")
x = torch.linspace(-1, 1, 120).view(8, 3, 5)  # on CPU: the branch refuses it
stdout = os.dup(1)  # gloo prints a connection banner on some torch releases
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # so: fd 1 to devnull, and back
dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
os.dup2(stdout, 1)
sync = nn.SyncBatchNorm(3)  # in a one-process group, on CPU
try:
    sync.train()(x)
except ValueError as error:
    print(wrap.fill(f"train mode, CPU input -> ValueError: {error}"))
eval_out = sync.eval()(x)
dist.destroy_process_group()
same = torch.equal(eval_out, nn.BatchNorm1d(3).eval()(x))
print("eval mode, same input: output equals BatchNorm1d's:", same)
# --8<-- [end:show]

# --8<-- [start:check]
assert decisions[0].startswith("need_sync = bn_training and self.training")
assert decisions[1] == "need_sync = world_size > 1"  # one process: no sync
fallback = next(
    n
    for n in ast.walk(ast.parse(src))
    if isinstance(n, ast.If) and ast.unparse(n.test) == "not need_sync"
)
assert ast.unparse(fallback.body[0].value.func) == "F.batch_norm"
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # gloo's banner, as above
dist.init_process_group("gloo", store=dist.HashStore(), rank=0, world_size=1)
os.dup2(stdout, 1)
try:
    sync.train()(x)
    raised = None
except ValueError as error:
    raised = str(error)
dist.destroy_process_group()
assert raised is not None and "GPU" in raised
# the device check accepts more than its message names: hpu too, from torch
# 2.12.1 on; the list grew over releases (2.8.0: no hpu; 2.4.1: no xpu), and
# none accepts a CPU tensor, which is why train mode raises here
check = next(
    n
    for n in ast.walk(ast.parse(src))
    if isinstance(n, ast.Compare)
    and ast.unparse(n.left) == "input.device.type"
)
accepted = [
    e.value if isinstance(e, ast.Constant) else ast.unparse(e)
    for e in check.comparators[0].elts
]
newer = ["hpu", "xpu"] if torch.__version__ >= (2, 12) else ["xpu"]
if torch.__version__ < (2, 8):
    newer = []
backend = "torch._C._get_privateuse1_backend_name()"
assert accepted == ["cuda", *newer, backend], accepted
assert "HPU" not in raised
assert same
# --8<-- [end:check]
