"""A custom layer that reads self.training in forward follows model.eval(); one that reads it once does not."""

# --8<-- [start:show]
import torch
import torch.nn as nn


class Noise(nn.Module):  # correct: reads the flag on every call
    def forward(self, x):
        return x + torch.randn_like(x) if self.training else x


class NoiseFixed(nn.Module):  # wrong: reads the flag once, in __init__
    def __init__(self):
        super().__init__()
        self.noisy = self.training  # True: a new module is in train mode

    def forward(self, x):
        return x + torch.randn_like(x) if self.noisy else x


class NoiseForced(nn.Module):  # wrong: sets the flag itself
    def forward(self, x):
        self.training = True  # overrides whatever eval() set
        return x + torch.randn_like(x)


torch.manual_seed(0)
for layer in (Noise(), NoiseFixed(), NoiseForced()):
    nn.Sequential(nn.Linear(3, 3), layer).eval()  # the model's eval()
    noisy = not torch.equal(layer(torch.zeros(3)), torch.zeros(3))
    print(f"{type(layer).__name__:11} after model.eval(): noise added", end="")
    print(f" {noisy!s:5} | training now {layer.training}")
# --8<-- [end:show]

# Module.train(mode) sets self.training on every registered submodule
# (torch/nn/modules/module.py); a value copied from it in __init__ is a plain
# attribute, which train() does not know about. The check runs each layer in
# both modes, both grad modes, and in a model whose modules are in mixed
# modes (the layer alone put back in train mode, or alone in eval). A layer
# that sets self.training = False in __init__ keeps it only until the first
# train() or eval() that reaches it.
# --8<-- [start:check]
x = torch.zeros(3)


class StartsInEval(Noise):  # sets the flag in __init__: lasts until train()
    def __init__(self):
        super().__init__()
        self.training = False


# a value copied in __init__ is True unless a base class's __init__ changed
# the flag before the copy; either way train() and eval() never update it
class FixedAfterEvalBase(StartsInEval):
    def __init__(self):
        super().__init__()
        self.noisy = self.training


assert NoiseFixed().noisy is True
copied = nn.Sequential(FixedAfterEvalBase())
assert copied[0].noisy is False
assert copied.train()[0].training and copied[0].noisy is False
starts = nn.Sequential(nn.Linear(3, 3), StartsInEval())
assert starts.training and not starts[1].training  # as constructed
assert starts.train()[1].training  # the first model.train() overrides it
for grad_on in (True, False):
    with torch.set_grad_enabled(grad_on):
        for mode in (True, False):
            for layer_mode in (True, False):  # mixed when they differ
                good = nn.Sequential(nn.Linear(3, 3), Noise()).train(mode)
                fixed = nn.Sequential(nn.Linear(3, 3), NoiseFixed()).train(
                    mode
                )
                forced = nn.Sequential(nn.Linear(3, 3), NoiseForced()).train(
                    mode
                )
                for m in (good, fixed, forced):
                    m[1].train(layer_mode)
                assert torch.equal(good[1](x), x) is not layer_mode
                assert not torch.equal(fixed[1](x), x)  # noise in every mode
                assert not torch.equal(forced[1](x), x)
                assert forced[1].training is True
                assert good[1].training is layer_mode
# --8<-- [end:check]
