"""On the very data it trained on, a model with Dropout scores a lower loss in eval mode than its training loss."""

# --8<-- [start:show]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
x = torch.randn(512, 8)
y = x @ torch.randn(8, 1) + 0.1 * torch.randn(512, 1)
model = nn.Sequential(nn.Linear(8, 64), nn.ReLU(), nn.Dropout(0.5),
                      nn.Linear(64, 1))  # fmt: skip
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
for epoch in range(3):
    model.train()
    losses = []  # what a training loop usually reports: the epoch's mean
    for xb, yb in zip(x.split(32), y.split(32)):
        loss = F.mse_loss(model(xb), yb)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    with torch.no_grad():  # the same training data, after the epoch
        after_train = F.mse_loss(model(x), y).item()  # still train mode
        after_eval = F.mse_loss(model.eval()(x), y).item()
    print(f"epoch {epoch}: training loss (mean over the epoch) "
          f"{sum(losses) / len(losses):.3f}")  # fmt: skip
    print(f"  same data, end of epoch: train mode {after_train:.3f}, "
          f"eval mode {after_eval:.3f}")  # fmt: skip
# --8<-- [end:show]

# The check repeats the last epoch's comparison with ten more seeds for the
# Dropout masks: the eval-mode loss is below the train-mode loss every time.
# --8<-- [start:check]
mean_loss = sum(losses) / len(losses)
assert mean_loss > after_train > after_eval
model.train()
with torch.no_grad():
    for seed in range(10):
        torch.manual_seed(seed)
        assert F.mse_loss(model(x), y).item() > after_eval
# --8<-- [end:check]
