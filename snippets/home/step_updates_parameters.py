"""Parameters change only at optimizer.step(): neither train(), a forward pass nor backward() changes them."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(8, 4), torch.randn(8, 1)


def snapshot():
    return [p.detach().clone() for p in model.parameters()]


def changed(before):
    return sum(
        not torch.equal(b, p) for b, p in zip(before, model.parameters())
    )


before = snapshot()
model.train()
print("parameter tensors changed by model.train():     ", changed(before))
loss = nn.functional.mse_loss(model(x), y)
print("parameter tensors changed by a forward pass:    ", changed(before))
loss.backward()
print("parameter tensors changed by loss.backward():   ", changed(before))
optimizer.step()
print(
    "parameter tensors changed by optimizer.step():  ",
    changed(before),
    "of",
    len(before),
)
# --8<-- [end:show]

# --8<-- [start:check]
assert changed(before) == 0
assert changed(before) == len(before)
# --8<-- [end:check]
