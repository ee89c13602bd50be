"""eval() with inference_mode() gives repeatable outputs and records nothing; restoring the mode keeps training intact."""

# --8<-- [start:show]
import torch
import torch.nn as nn


def predict(model, x):
    """Predict in eval mode without autograd, then put the model back in the mode it was in."""
    was_training = model.training
    model.eval()
    try:
        return model(x)
    finally:
        model.train(was_training)


torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8),
    nn.BatchNorm1d(8),
    nn.ReLU(),
    nn.Dropout(0.5),
    nn.Linear(8, 1),
)
x = torch.randn(3, 4)
stats = model[1].running_mean.clone()

first, second = predict(model, x), predict(model, x)
print("predictions:", [round(v, 4) for v in first.flatten().tolist()])
print(
    "repeatable:",
    torch.equal(first, second),
    "| requires_grad:",
    first.requires_grad,
)
print(
    "BatchNorm statistics untouched:",
    torch.equal(stats, model[1].running_mean),
)
print("model back in train mode:", all(m.training for m in model.modules()))
# --8<-- [end:show]

# --8<-- [start:check]
assert torch.equal(first, second) and not first.requires_grad
assert torch.equal(stats, model[1].running_mean) and all(
    m.training for m in model.modules()
)
# --8<-- [end:check]
