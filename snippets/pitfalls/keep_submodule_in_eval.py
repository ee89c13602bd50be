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


def flags(module):
    return [int(m.training) for m in module.modules()]


model = FineTuner().train()  # what a training loop or framework calls
print(
    "after train(): head", flags(model.head), "backbone", flags(model.backbone)
)

plain = nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8))
plain[1].eval()
plain.train()  # without the override, a later train() undoes a one-off eval()
print("no override: BatchNorm training after train():", plain[1].training)
# --8<-- [end:show]

# --8<-- [start:check]
model = FineTuner()  # a new module starts in train mode, without train()
assert flags(model) == [1] * 8  # so call model.train() once after building
for mode in (True, False, True):
    model.train(mode)
    assert flags(model.head) == [int(mode)] * 3
    assert flags(model.backbone) == [0] * 4
assert plain[1].training
# A constructor can set a flag itself: a QAT ConvBn2d built with
# freeze_bn=True starts with its BatchNorm in eval mode.
from torch.ao.nn.intrinsic.qat import ConvBn2d  # noqa: E402
from torch.ao.quantization import get_default_qat_qconfig  # noqa: E402

qat = ConvBn2d(3, 3, 1, freeze_bn=True, qconfig=get_default_qat_qconfig())
assert [n for n, m in qat.named_modules() if not m.training] == ["bn"]


class Recording(FineTuner):
    def train(self, mode=True):
        calls.append(mode)
        return super().train(mode)


calls = []
Recording().eval()  # eval() is train(False): it goes through the override
assert calls == [False]
# --8<-- [end:check]
