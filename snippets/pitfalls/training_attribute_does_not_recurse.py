"""Assigning model.training = False changes only the top module; its children stay in train mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
x = torch.ones(1, 4)

model.training = False  # looks like eval(), is not
assigned = [m.training for m in model.modules()]
assigned_equal = torch.equal(model(x), model(x))
print("after model.training = False, flags:", assigned)
print("  two forward passes equal:", assigned_equal)

model.eval()  # recurses into every registered submodule
evaluated = [m.training for m in model.modules()]
evaluated_equal = torch.equal(model(x), model(x))
print("after model.eval(), flags:          ", evaluated)
print("  two forward passes equal:", evaluated_equal)
# --8<-- [end:show]

# --8<-- [start:check]
assert assigned == [False, True, True] and not assigned_equal
assert evaluated == [False, False, False] and evaluated_equal


# train(mode) sets its own flag and calls train(mode) on each child, which
# recurses: a child that overrides train() decides for its whole subtree.
class KeepsBackboneInEval(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone = nn.Sequential(nn.BatchNorm1d(4), nn.Dropout())

    def train(self, mode=True):
        super().train(mode)
        self.backbone.eval()
        return self


class IgnoresTrain(nn.Module):  # its subtree is never reached
    def __init__(self):
        super().__init__()
        self.inner = nn.Dropout()

    def train(self, mode=True):
        return self


for mode in (True, False):
    outer = nn.Sequential(nn.Dropout(), KeepsBackboneInEval(), IgnoresTrain())
    outer.train(not mode)
    outer.train(mode)
    assert [m.training for m in outer.modules()] == [
        mode,  # outer
        mode,  # Dropout
        mode,  # KeepsBackboneInEval
        False,  # its backbone: Sequential, BatchNorm1d, Dropout
        False,
        False,
        True,  # IgnoresTrain and its Dropout: never set
        True,
    ]

# torch's own example: a QAT ConvBn2d with frozen BatchNorm statistics keeps
# its BatchNorm in eval when a parent calls train().
from torch.ao.nn.intrinsic.qat import ConvBn2d  # noqa: E402

qconfig = torch.ao.quantization.get_default_qat_qconfig("fbgemm")
qat = nn.Sequential(ConvBn2d(3, 3, 1, qconfig=qconfig))
qat[0].freeze_bn_stats()
qat.eval().train()
assert qat[0].training and not qat[0].bn.training
# --8<-- [end:check]
