"""With track_running_stats=False, BatchNorm keeps no buffers and normalises with batch statistics in eval mode too."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(2, track_running_stats=False)
x = torch.randn(16, 2) * 3 + 10

with torch.no_grad():
    train_out = bn.train()(x)
    eval_out = bn.eval()(x)
print("running_mean:", bn.running_mean, "| running_var:", bn.running_var)
print(
    "eval output mean per channel:",
    [round(v, 3) + 0.0 for v in eval_out.mean(0).tolist()],
)
print("eval output equals train output:", torch.equal(eval_out, train_out))
# --8<-- [end:show]

# --8<-- [start:check]
assert bn.running_mean is None and bn.running_var is None
assert torch.equal(eval_out, train_out)
# --8<-- [end:check]
