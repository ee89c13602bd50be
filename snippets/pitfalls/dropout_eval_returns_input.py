"""Dropout returns its very input in eval mode, and in train mode when p=0: in-place ops then change the input."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.zeros(3)
for p, mode in [(0.5, "train"), (0.5, "eval"), (0.0, "train")]:
    dropout = nn.Dropout(p).train(mode == "train")
    print(f"Dropout(p={p}), {mode} mode: output is input:", dropout(x) is x)

out = nn.Dropout(0.5).eval()(x)
out.add_(1)  # in place on the "output"
print("x after out.add_(1):", x.tolist())

safe = nn.Dropout(0.5).eval()(x).clone()  # clone if the input must survive
safe.add_(1)
print("x after clone().add_(1):", x.tolist())
# --8<-- [end:show]

# --8<-- [start:check]
import itertools  # noqa: E402

assert x.tolist() == [1.0, 1.0, 1.0]  # changed once, by out.add_(1) only
family = [
    nn.Dropout,
    nn.Dropout1d,
    nn.Dropout2d,
    nn.Dropout3d,
    nn.AlphaDropout,
    nn.FeatureAlphaDropout,
]
for cls, p, training, grad in itertools.product(
    family, (0.0, 0.3, 1.0), (True, False), (True, False)
):
    x = torch.randn(2, 3, 4, 4, 4)
    if cls is nn.Dropout1d:
        x = x[:, :, 0, 0]
    elif cls is nn.Dropout2d:
        x = x[:, :, 0]
    with torch.set_grad_enabled(grad):
        same_object = cls(p).train(training)(x) is x
    assert same_object is (not training or p == 0.0), (cls, p, training, grad)
# --8<-- [end:check]
