"""Under torch.no_grad() nothing is tracked even in train mode: grad mode, not train(), controls autograd."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(4, 1).train()
x = torch.randn(2, 4)

with torch.no_grad():
    out = model(x)
print("model.training:", model.training)
print(
    "inside no_grad: output requires_grad =",
    out.requires_grad,
    "| grad_fn is None:",
    out.grad_fn is None,
)

model.eval()
out = model(x)
print("model.training:", model.training)
print("eval mode, grad enabled: output requires_grad =", out.requires_grad)

model.weight.requires_grad_(False)
model.bias.requires_grad_(False)
out = model.train()(x)
print(
    "train mode, parameters frozen: output requires_grad =", out.requires_grad
)
# --8<-- [end:show]

# --8<-- [start:check]
assert model.training and not out.requires_grad and out.grad_fn is None

assert out.requires_grad

assert not out.requires_grad
# --8<-- [end:check]
