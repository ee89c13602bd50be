"""An override of train() must call super().train(mode) and return self, or model.eval() breaks."""

# --8<-- [start:show]
import torch.nn as nn


class NoSuper(nn.Sequential):  # sets its own flag only
    def train(self, mode=True):
        self.training = mode
        return self


class NoReturn(nn.Sequential):  # recurses, but returns None
    def train(self, mode=True):
        super().train(mode)


class Correct(nn.Sequential):
    def train(self, mode=True):
        super().train(mode)  # sets this module and every child
        # ... your own work here, e.g. keep a frozen part in eval
        return self


for cls in (NoSuper, NoReturn, Correct):
    block = cls(nn.Dropout(0.5))
    model = nn.Sequential(block)
    print(f"{cls.__name__:8} model.eval(): Dropout in train", end="")
    print(f" {model.eval()[0][0].training!s:5} | block.eval() returns", end="")
    print(f" {type(block.eval()).__name__}")
# --8<-- [end:show]

# Module.eval() is return self.train(False), and Module.train(mode) calls
# module.train(mode) on each child (torch/nn/modules/module.py). An override
# that sets self.training without super() stops the recursion at itself; one
# that does not return self makes eval() and train() return None, so
# block.eval()(x) or model = block.train() fail later. The check covers both
# directions of the switch and a mixed-mode start.
# --8<-- [start:check]
import pytest  # noqa: E402

for start in (True, False):
    for cls in (NoSuper, NoReturn, Correct):
        block = cls(nn.Dropout(0.5))
        block[0].train(start)  # mixed when it differs from the block
        for mode in (False, True):
            out = nn.Sequential(block).train(mode)
            assert block.training is mode
            assert block[0].training is (start if cls is NoSuper else mode)
            assert (block.train(mode) is None) is (cls is NoReturn)
            assert out is not None  # Sequential's own train() returns it


class NoDefault(nn.Sequential):
    def train(self, mode):  # no default: only block.train() itself fails
        return super().train(mode)


no_default = NoDefault(nn.Dropout())
assert nn.Sequential(no_default).eval()[0][0].training is False
with pytest.raises(TypeError, match="missing 1 required positional argument"):
    no_default.train()
with pytest.raises(TypeError, match="'NoneType' object is not callable"):
    NoReturn(nn.Dropout()).eval()(None)
# --8<-- [end:check]
