"""The recipe: train() before training steps, eval() with no_grad() for validation, then train() again."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.2)
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()
x_train, y_train = torch.randn(64, 4), torch.randn(64, 16)
x_val, y_val = torch.randn(32, 4), torch.randn(32, 16)
checks = []
for epoch in range(2):
    model.train()  # Dropout drops; BatchNorm uses and updates batch statistics
    for xb, yb in zip(x_train.split(16), y_train.split(16)):
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()  # changes the parameters (plain layers: only here)

    model.eval()  # Dropout off; BatchNorm uses its running statistics
    with torch.no_grad():  # no graph is recorded, no tensors kept for backward
        val_loss, again = (loss_fn(model(x_val), y_val) for _ in range(2))
    repeatable = torch.equal(val_loss, again)
    checks.append((repeatable, val_loss.requires_grad))
    print(
        f"epoch {epoch}: val_loss={val_loss.item():.4f} repeatable={repeatable}"
    )

model.train()  # back to train mode before the next training step
print("back in train mode:", all(m.training for m in model.modules()))
# --8<-- [end:show]

# --8<-- [start:check]
assert all(m.training for m in model.modules())
# Validation was repeatable (eval mode) and recorded nothing (no_grad).
assert checks == [(True, False), (True, False)]
# --8<-- [end:check]
