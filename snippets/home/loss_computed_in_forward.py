"""A model that computes its loss in forward can branch on self.training: losses in train, predictions in eval."""

# --8<-- [start:show]
import torch
import torch.nn as nn
import torch.nn.functional as F


class Classifier(nn.Module):
    """Returns its losses in train mode and its predictions in eval mode."""

    def __init__(self):
        super().__init__()
        self.head = nn.Linear(4, 3)
        self.aux_head = nn.Linear(4, 3)  # an extra loss, for training only

    def forward(self, x, target=None):
        logits = self.head(x)
        if self.training:
            return {
                "main": F.cross_entropy(logits, target),
                "aux": 0.3 * F.cross_entropy(self.aux_head(x), target),
            }
        return logits.argmax(1)


torch.manual_seed(0)
model, x, y = Classifier(), torch.randn(6, 4), torch.randint(0, 3, (6,))
losses = model.train()(x, y)
print(
    "train mode returns:", {k: round(v.item(), 4) for k, v in losses.items()}
)
print("eval mode returns: ", model.eval()(x).tolist())
# --8<-- [end:show]

# --8<-- [start:check]
assert isinstance(losses, dict) and set(losses) == {"main", "aux"}
assert losses["main"].requires_grad and losses["aux"].item() > 0
predictions = model.eval()(x)
assert predictions.dtype == torch.long and predictions.shape == (6,)
# The same weights: the train-mode main loss is the loss of the eval logits.
with torch.no_grad():
    assert torch.allclose(losses["main"], F.cross_entropy(model.head(x), y))
# The aux head runs in train mode only.
calls = []
model.aux_head.register_forward_hook(lambda *args: calls.append(1))
model.eval()(x)
assert calls == []
model.train()(x, y)
assert calls == [1]
# --8<-- [end:check]
