"""An attribute named train breaks train() and eval() on it and its parents; one named eval, only its own eval()."""

# --8<-- [start:show]
import torch
import torch.nn as nn


class FlagNamedTrain(nn.Module):
    def __init__(self):
        super().__init__()
        self.train = True  # e.g. a config flag: "is this the train split?"
        self.drop = nn.Dropout(0.5)


class FlagNamedEval(nn.Module):
    def __init__(self):
        super().__init__()
        self.eval = lambda: "a metric"  # hides nn.Module.eval
        self.drop = nn.Dropout(0.5)


try:
    nn.Sequential(FlagNamedTrain()).eval()
except TypeError as error:
    print("parent.eval(): TypeError:", error)
block = FlagNamedEval()
print("block.eval() returns:", repr(block.eval()), end=" | ")
print("its Dropout in train:", block.drop.training)
nn.Sequential(block).eval()
print("parent.eval(): block's Dropout in train:", block.drop.training)
# --8<-- [end:show]

# Plain values go into the instance __dict__, which Python looks up before the
# class's methods, so self.train hides Module.train; parents call
# module.train(mode) on each child (torch/nn/modules/module.py), never
# module.eval(). A Module, Parameter or buffer named train or eval cannot hide
# them: Module.__setattr__ stores it in _modules (or _parameters), where lookup
# only goes when normal lookup fails, and add_module, register_parameter and
# register_buffer refuse the name. The check proves those cases.
# --8<-- [start:check]
import pytest  # noqa: E402


class SubmoduleNamedTrain(nn.Module):
    def __init__(self):
        super().__init__()
        self.train = nn.Linear(
            2, 2
        )  # registered, but self.train is the method

    def forward(self, x):
        return self.train(x)


with pytest.raises(TypeError, match="'bool' object is not callable"):
    nn.Sequential(FlagNamedTrain()).train()
with pytest.raises(TypeError, match="'bool' object is not callable"):
    FlagNamedTrain().eval()
assert block.eval() == "a metric" and not block.drop.training
holder = SubmoduleNamedTrain()
assert "train" in holder._modules and callable(holder.train)
assert holder.eval() is holder and not holder._modules["train"].training
with pytest.raises(
    ValueError, match="training mode is expected to be boolean"
):
    holder(torch.randn(1, 2))
for register in (
    lambda m: m.add_module("train", nn.Linear(2, 2)),
    lambda m: m.add_module("eval", nn.Linear(2, 2)),
    lambda m: m.register_buffer("eval", torch.ones(1)),
    lambda m: m.register_parameter("train", nn.Parameter(torch.ones(1))),
):
    with pytest.raises(KeyError, match="already exists"):
        register(nn.Module())
# --8<-- [end:check]
