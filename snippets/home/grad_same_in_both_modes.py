"""Gradients are computed in eval mode exactly as in train mode; train() does not enable them."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
x = torch.randn(16, 4)


def weight_grad(mode):
    model.train(mode)
    model.zero_grad()
    loss = model(x).pow(2).mean()
    loss.backward()
    return loss.requires_grad, model[0].weight.grad.clone()


train_tracked, train_grad = weight_grad(True)
eval_tracked, eval_grad = weight_grad(False)
print("loss tracked by autograd, train mode:", train_tracked)
print("loss tracked by autograd, eval mode: ", eval_tracked)
print(
    "first-layer gradient equal in both modes:",
    torch.equal(train_grad, eval_grad),
)
print("gradient norm:", round(train_grad.norm().item(), 4))
# --8<-- [end:show]

# --8<-- [start:check]
assert train_tracked and eval_tracked
assert torch.equal(train_grad, eval_grad)
# --8<-- [end:check]
