"""Scored in train mode, a trained model loses to itself in eval mode: Dropout noise and small-batch statistics."""

# --8<-- [start:show]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)  # the thread count changes the last digit
torch.manual_seed(0)
x, w, test_x = torch.randn(1024, 8), torch.randn(8, 1), torch.randn(256, 8)
y, test_y = x @ w, test_x @ w  # a linear target, learnt in five epochs
model = nn.Sequential(nn.Linear(8, 64), nn.BatchNorm1d(64), nn.ReLU(),
                      nn.Dropout(0.3), nn.Linear(64, 1))  # fmt: skip
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for xb, yb in zip(x.split(32) * 5, y.split(32) * 5):  # five epochs
    optimizer.zero_grad()
    F.mse_loss(model(xb), yb).backward()
    optimizer.step()


def test_loss(set_modes):  # mean loss over the test set, in batches of 4
    set_modes()
    with torch.no_grad():
        pairs = zip(test_x.split(4), test_y.split(4))
        total = sum(F.mse_loss(model(b), t, reduction="sum") for b, t in pairs)
    return total.item() / len(test_x)


scores = {"eval mode": test_loss(model.eval),
          "train mode, Dropout off": test_loss(lambda: model.train()[3].eval()),
          "train mode": test_loss(model.train)}  # fmt: skip
for name, loss in scores.items():
    print(f"test loss, {name}: {loss:.3f}")
# --8<-- [end:show]

# --8<-- [start:check]
losses = list(scores.values())
assert losses[0] < losses[1] < losses[2]
# --8<-- [end:check]
