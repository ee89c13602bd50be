"""Without model.train() after validation, Dropout stays off for the rest of training."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 1)
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)


def validate():
    model.eval()
    with torch.no_grad():
        model(torch.randn(8, 4))


def dropout_per_epoch(train_every_epoch):
    """Train 3 epochs of 4 steps; report whether Dropout was active at each step."""
    model.train()  # once, before the loop
    epochs = []
    for _epoch in range(3):
        if train_every_epoch:
            model.train()
        steps = []
        for _step in range(4):
            steps.append("on" if model[2].training else "off")
            optimizer.zero_grad()
            model(torch.randn(8, 4)).pow(2).mean().backward()
            optimizer.step()
        epochs.append(" ".join(steps))
        validate()
    return epochs


forgot = dropout_per_epoch(train_every_epoch=False)
print("train() once, before the loop:", " | ".join(forgot))

fixed = dropout_per_epoch(train_every_epoch=True)
print("train() at each epoch start:  ", " | ".join(fixed))
# --8<-- [end:show]

# --8<-- [start:check]
assert forgot == ["on on on on", "off off off off", "off off off off"]

assert fixed == ["on on on on"] * 3
# --8<-- [end:check]
