"""Overriding train() keeps part of a model in eval mode when a framework calls model.train()."""

# --8<-- [start:show]
import torch.nn as nn


class FineTuner(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(
            nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.1)
        )
        self.head = nn.Sequential(nn.Dropout(0.5), nn.Linear(8, 2))

    def train(self, mode=True):
        super().train(mode)  # sets every submodule, including the backbone
        self.backbone.eval()  # then the backbone goes back to eval mode
        return self


model = FineTuner()
model.train()  # what a training loop or framework calls
print("head training:    ", all(m.training for m in model.head.modules()))
print("backbone training:", any(m.training for m in model.backbone.modules()))

model.eval()  # eval() calls train(False), so it goes through the override too
print("after eval(), any training:", any(m.training for m in model.modules()))

plain = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8))
plain[1].eval()
plain.train()  # without the override, a later train() undoes a one-off eval()
print(
    "without the override, BatchNorm training after train():",
    plain[1].training,
)
# --8<-- [end:show]

# --8<-- [start:check]
assert all(m.training for m in model.head.modules())
assert not any(m.training for m in model.backbone.modules())

assert not any(m.training for m in model.modules())

assert plain[1].training
# --8<-- [end:check]
