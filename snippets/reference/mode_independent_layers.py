"""Linear, convolutions, LayerNorm, GroupNorm, Embedding, activations, pooling and losses ignore the mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x, ids = torch.randn(2, 4, 6, 6), torch.tensor([[1, 2]])
logits, target = x[:, :, 0, 0], torch.tensor([0, 3])
# fmt: off
cases = [
    (nn.Linear(6, 3), x), (nn.Conv1d(4, 2, 3), x[:, :, 0]), (nn.PReLU(), x),
    (nn.Conv2d(4, 2, 3), x), (nn.ConvTranspose2d(4, 2, 3), x), (nn.GELU(), x),
    (nn.LayerNorm(6), x), (nn.GroupNorm(2, 4), x), (nn.AvgPool2d(2), x),
    (nn.LocalResponseNorm(2), x), (nn.Embedding(10, 3), ids), (nn.ReLU(), x),
    (nn.EmbeddingBag(10, 3), ids), (nn.Softmax(dim=1), x), (nn.Flatten(), x),
    (nn.MaxPool2d(2), x), (nn.AdaptiveAvgPool2d(1), x), (nn.Identity(), x),
    (nn.MSELoss(), (x, x * 0)), (nn.L1Loss(), (x, x * 0)),
    (nn.CrossEntropyLoss(label_smoothing=0.1), (logits, target)),
    (nn.NLLLoss(), (logits.log_softmax(1), target)),
    (nn.BCEWithLogitsLoss(), (x, x.sigmoid())),
    (nn.KLDivLoss(reduction="batchmean"), (x.log_softmax(1), x.softmax(1))),
]
# fmt: on
same = {}
for module, inputs in cases:
    args = inputs if isinstance(inputs, tuple) else (inputs,)
    out = module.train()(*args), module.eval()(*args)
    same[type(module).__name__] = torch.equal(*out)
print("same output, bit for bit, in train and eval mode:")
names = [f"{name} {equal}" for name, equal in same.items()]
for start in range(0, len(names), 4):
    print(" ", ", ".join(names[start : start + 4]))
# --8<-- [end:show]

# --8<-- [start:check]


class Holder(nn.Module):
    def __init__(self, module):
        super().__init__()
        self.module = module

    def forward(self, *args):
        return self.module(*args)


assert len(same) == len(cases) == 24 and all(same.values())
# in both grad modes, and with the modules in mixed modes
for grad in (True, False):
    with torch.set_grad_enabled(grad):
        for index, (module, inputs) in enumerate(cases):
            args = inputs if isinstance(inputs, tuple) else (inputs,)
            holder = Holder(module)
            holder.train()
            module.train(index % 2 == 0)
            mixed = holder(*args)
            assert torch.equal(mixed, holder.eval()(*args)), type(module)
# --8<-- [end:check]
