"""Without model.train() after validation, Dropout stays off for the rest of training."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 1))
x = torch.randn(8, 4)


def validate(model):
    model.eval()
    with torch.no_grad():
        model(torch.randn(8, 4))


def dropping_per_epoch(train_every_epoch):
    model.train()  # once, before the loop
    seen = []
    for _epoch in range(3):
        if train_every_epoch:
            model.train()
        # a training step would run here; does its forward pass drop?
        seen.append("drops" if not torch.equal(model(x), model(x)) else "no")
        validate(model)
    return seen


forgot = dropping_per_epoch(train_every_epoch=False)
print("train() once, before the loop:", forgot)
fixed = dropping_per_epoch(train_every_epoch=True)
print("train() at each epoch start:  ", fixed)
# --8<-- [end:show]

# --8<-- [start:check]
assert forgot == ["drops", "no", "no"]
assert fixed == ["drops"] * 3
# --8<-- [end:check]
