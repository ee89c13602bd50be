"""Linear, convolution, LayerNorm, GroupNorm, Embedding, activations, pooling and losses give the same result in both modes."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
image = torch.randn(2, 4, 6, 6)
cases = [
    (nn.Linear(6, 3), image),
    (nn.Conv1d(4, 2, 3), image[:, :, 0]),
    (nn.Conv2d(4, 2, 3), image),
    (nn.ConvTranspose2d(4, 2, 3), image),
    (nn.LayerNorm(6), image),
    (nn.GroupNorm(2, 4), image),
    (nn.LocalResponseNorm(2), image),
    (nn.Embedding(10, 3), torch.tensor([[1, 2, 3]])),
    (nn.EmbeddingBag(10, 3), torch.tensor([[1, 2, 3]])),
    (nn.ReLU(), image),
    (nn.GELU(), image),
    (nn.PReLU(), image),
    (nn.Softmax(dim=1), image),
    (nn.MaxPool2d(2), image),
    (nn.AvgPool2d(2), image),
    (nn.AdaptiveAvgPool2d(1), image),
    (nn.Flatten(), image),
    (nn.Identity(), image),
]
losses = [
    (nn.MSELoss(), (image, torch.zeros_like(image))),
    (nn.L1Loss(), (image, torch.zeros_like(image))),
    (
        nn.CrossEntropyLoss(label_smoothing=0.1),
        (image[:, :, 0, 0], torch.tensor([0, 3])),
    ),
    (nn.NLLLoss(), (image[:, :, 0, 0].log_softmax(1), torch.tensor([0, 3]))),
    (nn.BCEWithLogitsLoss(), (image, torch.ones_like(image))),
    (
        nn.KLDivLoss(reduction="batchmean"),
        (image.log_softmax(1), image.softmax(1)),
    ),
]
same = []
for module, inputs in cases + [(loss, args) for loss, args in losses]:
    args = inputs if isinstance(inputs, tuple) else (inputs,)
    equal = torch.equal(module.train()(*args), module.eval()(*args))
    same.append((type(module).__name__, equal))
    assert equal, type(module).__name__
print("same output, bit for bit, in train and eval mode:")
for start in range(0, len(same), 6):
    print(
        "  "
        + ", ".join(
            f"{name} {equal}" for name, equal in same[start : start + 6]
        )
    )
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
