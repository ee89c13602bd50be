"""F.batch_norm defaults to training=False: it normalises with the running statistics it is given and leaves them alone."""

# --8<-- [start:show]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(16, 2) * 3 + 10
running_mean, running_var = torch.zeros(2), torch.ones(2)

eval_out = F.batch_norm(x, running_mean, running_var)  # training=False
print(
    "default call: output mean",
    [round(v, 2) for v in eval_out.mean(0).tolist()],
    "| running_mean",
    running_mean.tolist(),
)

train_out = F.batch_norm(
    x, running_mean, running_var, training=True
)  # updates the tensors in place
print(
    "training=True: output mean",
    [round(v, 2) + 0.0 for v in train_out.mean(0).tolist()],
    "| running_mean",
    [round(v, 3) for v in running_mean.tolist()],
)
# --8<-- [end:show]

# --8<-- [start:check]
assert torch.allclose(
    eval_out, x / torch.sqrt(torch.tensor(1 + 1e-5))
)  # (x - 0) / sqrt(1 + eps)
assert torch.equal(running_mean, torch.zeros(2))

assert torch.allclose(running_mean, 0.1 * x.mean(0))
# --8<-- [end:check]
