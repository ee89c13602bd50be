"""A model with no mode-dependent layer gets the same gradient in eval mode as in train mode."""

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
# With Dropout or BatchNorm the gradient is still computed in eval mode;
# only its value differs, because the forward pass differs.
for layer in (nn.Dropout(0.5), nn.BatchNorm1d(8)):
    model = nn.Sequential(nn.Linear(4, 8), layer, nn.Linear(8, 1))
    torch.manual_seed(1)
    tracked_t, grad_t = weight_grad(True)
    tracked_e, grad_e = weight_grad(False)
    assert tracked_t and tracked_e and grad_e.abs().sum() > 0
    assert not torch.equal(grad_t, grad_e)
# --8<-- [end:check]
