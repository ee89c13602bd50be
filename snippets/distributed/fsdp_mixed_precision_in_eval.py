"""FSDP computes in mixed precision in eval mode too; FSDP_USE_FULL_PREC_IN_EVAL=1 changes it in FSDP1 only."""

# A one-process gloo group on CPU is enough: the choice is made per rank.
# The variable is read when FSDP wraps the model (fsdp/_init_utils.py:454).

# --8<-- [start:show]
import os

import torch
from torch.distributed.fsdp import FullyShardedDataParallel as FSDP
from torch.distributed.fsdp import MixedPrecision, ShardingStrategy

store = torch.distributed.HashStore()
stdout = os.dup(1)  # gloo prints a connection banner on some torch releases
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # so: fd 1 to devnull, and back
torch.distributed.init_process_group("gloo", store=store, rank=0, world_size=1)
os.dup2(stdout, 1)
half = MixedPrecision(param_dtype=torch.bfloat16)
one = dict(
    device_id=torch.device("cpu"), sharding_strategy=ShardingStrategy.NO_SHARD
)
seen = {}
for full_in_eval in ("", "1"):
    os.environ["FSDP_USE_FULL_PREC_IN_EVAL"] = full_in_eval
    model = FSDP(torch.nn.Linear(2, 2), mixed_precision=half, **one)
    for mode in (True, False):
        for grad in (True, False):
            with torch.set_grad_enabled(grad):
                out = model.train(mode)(torch.ones(1, 2))
            seen[full_in_eval, mode, grad] = out.dtype
for (env, mode, grad), dtype in seen.items():
    how = f"{('eval', 'train')[mode]:5} mode, grad {('off', 'on')[grad]:3}"
    print(f"FSDP_USE_FULL_PREC_IN_EVAL={env!r:3}, {how}: output {dtype}")
# --8<-- [end:show]

# --8<-- [start:check]
for (env, mode, _), dtype in seen.items():
    full = env == "1" and not mode
    assert dtype == (torch.float32 if full else torch.bfloat16), (env, mode)
# FSDP2 (fully_shard) keeps its param_dtype in eval mode whatever the variable
from torch.distributed.fsdp import MixedPrecisionPolicy, fully_shard  # noqa: E402

policy = MixedPrecisionPolicy(param_dtype=torch.bfloat16)
for env in ("", "1"):
    os.environ["FSDP_USE_FULL_PREC_IN_EVAL"] = env
    model2 = fully_shard(torch.nn.Linear(2, 2), mp_policy=policy)
    for mode in (True, False):
        for grad in (True, False):
            with torch.set_grad_enabled(grad):
                out = model2.train(mode)(torch.ones(1, 2))
            assert out.dtype == torch.bfloat16, (env, mode, grad)
torch.distributed.destroy_process_group()
# --8<-- [end:check]
