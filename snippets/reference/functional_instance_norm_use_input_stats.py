"""F.instance_norm has no training argument: use_input_stats=False uses running statistics, as eval mode does."""

# --8<-- [start:show]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(2, 3, 8) * 2 + 4
layer = nn.InstanceNorm1d(3, track_running_stats=True)
with torch.no_grad():
    layer.train()(x)  # fill the running statistics
    eval_out = layer.eval()(x)
    running = layer.running_mean.clone(), layer.running_var.clone()

    functional_eval = F.instance_norm(x, *running, use_input_stats=False)
    functional_default = F.instance_norm(x, *running)  # use_input_stats=True
same = torch.allclose(eval_out, functional_eval)
print("InstanceNorm1d in eval mode equals")
print("  F.instance_norm(use_input_stats=False):", same)
means = [round(v, 3) + 0.0 for v in functional_default.mean((0, 2)).tolist()]
print("default call, output mean per channel:", means)
# --8<-- [end:show]

# --8<-- [start:check]
assert torch.allclose(eval_out, functional_eval)
assert torch.allclose(
    functional_default.mean((0, 2)), torch.zeros(3), atol=1e-5
)
# --8<-- [end:check]
