"""F.batch_norm defaults to training=False: it normalises with the running statistics given, leaving them as is."""

# --8<-- [start:show]
import torch
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(16, 2) * 3 + 10
running_mean, running_var = torch.zeros(2), torch.ones(2)

eval_out = F.batch_norm(x, running_mean, running_var)  # training=False
after_default = running_mean.clone()
means = [round(v, 2) for v in eval_out.mean(0).tolist()]
print(
    "default call: output mean",
    means,
    "| running_mean",
    after_default.tolist(),
)

# training=True updates the tensors in place
train_out = F.batch_norm(x, running_mean, running_var, training=True)
means = [round(v, 2) + 0.0 for v in train_out.mean(0).tolist()]
stored = [round(v, 3) for v in running_mean.tolist()]
print("training=True: output mean", means, "| running_mean", stored)
# --8<-- [end:show]

# --8<-- [start:check]
# (x - 0) / sqrt(1 + eps)
assert torch.allclose(eval_out, x / torch.sqrt(torch.tensor(1 + 1e-5)))
assert torch.equal(after_default, torch.zeros(2))
assert torch.allclose(running_mean, 0.1 * x.mean(0))
assert torch.allclose(train_out.mean(0), torch.zeros(2), atol=1e-5)
# --8<-- [end:check]
