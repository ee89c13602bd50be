"""The recipe: train() before training steps, eval() with no_grad() for validation, then train() again."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 16),
    nn.BatchNorm1d(16),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(16, 1),
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()
x_train, y_train = torch.randn(64, 4), torch.randn(64, 1)
x_val, y_val = torch.randn(32, 4), torch.randn(32, 1)

for epoch in range(2):
    model.train()  # Dropout drops, BatchNorm uses and updates batch statistics
    for xb, yb in zip(x_train.split(16), y_train.split(16)):
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()  # the only line that changes the parameters

    model.eval()  # Dropout off, BatchNorm uses its running statistics
    with torch.no_grad():  # no graph is recorded, no tensors kept for backward
        val_loss = loss_fn(model(x_val), y_val)
        again = loss_fn(model(x_val), y_val)
    print(
        f"epoch {epoch}: val_loss={val_loss.item():.4f}  repeatable={torch.equal(val_loss, again)}"
    )
    assert torch.equal(val_loss, again) and not val_loss.requires_grad

model.train()  # back to train mode before the next training step
print("back in train mode:", all(m.training for m in model.modules()))
# --8<-- [end:show]

# --8<-- [start:check]
assert all(m.training for m in model.modules())
# --8<-- [end:check]
