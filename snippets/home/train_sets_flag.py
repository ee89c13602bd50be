"""train() sets every registered submodule's flag, unless one overrides train(); a plain list is not reached."""

# --8<-- [start:show]
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(4, 4), nn.Sequential(nn.Dropout()))
        self.heads = nn.ModuleList([nn.Dropout()])  # registered
        self.extras = [nn.Dropout()]  # a plain list: not a submodule


model = Net()
returned = model.eval()
print("after model.eval():")
for name, module in model.named_modules():
    print(f"  {name or '(root)':<9} training={module.training}")
extra = model.extras[0].training
print(f"  {'extras[0]':<9} training={extra}  (plain list: not reached)")
print("eval() returns the module itself:", returned is model)

model.train()
flags = [m.training for m in model.modules()]
print(
    "after model.train(): all",
    len(flags),
    "registered modules True:",
    all(flags),
)
# --8<-- [end:show]

# --8<-- [start:check]
import sys  # noqa: E402
import warnings  # noqa: E402

import torch  # noqa: E402
import torch.ao.quantization as tq  # noqa: E402
import torch.nn.intrinsic.qat as nniqat  # noqa: E402


def deep(depth):
    """A chain of Sequentials `depth` deep, with a Dropout at the bottom."""
    module = nn.Dropout()
    for _ in range(depth):
        module = nn.Sequential(module)
    return module


# The flag reaches every registered descendant, both ways, at any depth
# Python's recursion allows.
for root in (Net(), deep(30), nn.ModuleDict({"a": deep(3)})):
    assert root.eval() is root
    assert not any(m.training for m in root.modules())
    assert root.train() is root
    assert all(m.training for m in root.modules())
    # From a mixed state too: train()/eval() overwrite every module's flag.
    for m in list(root.modules())[::2]:
        m.training = False
    root.train()
    assert all(m.training for m in root.modules())
# Deeper than the recursion limit, train() cannot recurse.
too_deep = deep(sys.getrecursionlimit())
try:
    too_deep.eval()
except RecursionError:
    pass
else:
    raise AssertionError("train() recursed past the recursion limit")
# A descendant that overrides train() decides for its own children: a QAT
# ConvBn2d (torch.nn.intrinsic.qat, defined in torch.ao) built with
# freeze_bn=True does not pass the mode on to its BatchNorm.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    qconfig = tq.get_default_qat_qconfig("x86")
    conv_bn = nniqat.ConvBn2d(3, 3, 3, freeze_bn=True, qconfig=qconfig)
assert "train" in vars(type(conv_bn).__mro__[1])  # _ConvBnNd.train
parent = nn.Sequential(conv_bn).train()
assert parent.training and conv_bn.training and not conv_bn.bn.training
parent.eval()
conv_bn.bn.train()  # a BatchNorm left in train mode stays there
parent.eval()
assert not conv_bn.training and conv_bn.bn.training
# A module held in a plain list (or dict, or tuple) is not registered:
# train()/eval() never reach it, so it keeps the flag it had.
assert model.extras[0].training is True and returned is model
model.eval()
assert model.extras[0].training is True
assert "extras" not in dict(model.named_modules())
torch.manual_seed(0)
x = torch.ones(2, 4)
assert not torch.equal(model.extras[0](x), x)  # it still drops
# --8<-- [end:check]
