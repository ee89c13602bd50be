"""With a process group, only train mode enters SyncBatchNorm's synchronising branch; one process falls back to BatchNorm."""

# --8<-- [start:show]
import ast
import inspect
import tempfile
import textwrap

import torch
import torch.distributed as dist
import torch.nn as nn

# What SyncBatchNorm.forward decides, read from the installed torch: every assignment to need_sync.
tree = ast.parse(textwrap.dedent(inspect.getsource(nn.SyncBatchNorm.forward)))
decisions = [
    " ".join(ast.unparse(n).split())
    for n in ast.walk(tree)
    if isinstance(n, ast.Assign) and n.targets[0].id == "need_sync"
]
fallback = next(
    n
    for n in ast.walk(tree)
    if isinstance(n, ast.If) and ast.unparse(n.test) == "not need_sync"
)
print(f"torch {torch.__version__}, SyncBatchNorm.forward:")
for line in decisions:
    print("   ", line)
print(
    "    if not need_sync: return",
    ast.unparse(fallback.body[0].value.func) + "(...)",
)

torch.manual_seed(0)
with tempfile.TemporaryDirectory() as folder:
    # A one-process group on CPU shows the first decision.
    dist.init_process_group(
        "gloo", init_method=f"file://{folder}/store", rank=0, world_size=1
    )
    sync = nn.SyncBatchNorm(3)
    x = torch.randn(
        8, 3, 5
    )  # on CPU: the synchronising branch refuses it before looking at the group size
    try:
        sync.train()(x)
        train_result = "ran"
    except ValueError as error:
        train_result = f"ValueError: {error}"
    eval_out = sync.eval()(x)
    dist.destroy_process_group()

same_as_batchnorm = torch.equal(eval_out, nn.BatchNorm1d(3).eval()(x))
print("train mode, CPU input (enters the synchronising branch):", train_result)
print(
    "eval mode, same input (skips it): output equals BatchNorm1d's in eval mode:",
    same_as_batchnorm,
)
# --8<-- [end:show]

# --8<-- [start:check]
assert decisions[0].startswith(
    "need_sync = bn_training and self.training and "
)  # eval mode: never
assert (
    decisions[1] == "need_sync = world_size > 1"
)  # one process: no synchronisation
assert ast.unparse(fallback.body[0].value.func) == "F.batch_norm"

assert train_result.startswith("ValueError") and "GPU" in train_result
assert same_as_batchnorm
# --8<-- [end:check]
