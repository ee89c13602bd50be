"""torch.jit.script modules follow train() and eval(), except in traced submodules; save and load keep each mode."""

# --8<-- [start:show]
import io
import warnings

import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(4, 8)
model = nn.Sequential(nn.BatchNorm1d(8), nn.Dropout(0.5)).eval()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # torch.jit warns (2.12 on): deprecated
    scripted = torch.jit.script(model)
    zeros_in_eval = bool((scripted(x) == 0).any())
    zeros_in_train = bool((scripted.train()(x) == 0).any())
    scripted.eval()
    getattr(scripted, "1").train()  # eval model, Dropout on (MC dropout)
    torch.jit.save(scripted, buffer := io.BytesIO())
    loaded = torch.jit.load(io.BytesIO(buffer.getvalue()))
print(
    "Dropout zeros: scripted in eval",
    zeros_in_eval,
    "| after .train()",
    zeros_in_train,
)
deprecated = [w for w in caught if "deprecated" in str(w.message)]
print("torch.jit warned that it is deprecated:", bool(deprecated))
saved = [scripted.training] + [m.training for m in scripted.children()]
modes = [loaded.training] + [m.training for m in loaded.children()]
print("modes of [root, BatchNorm, Dropout] saved:", saved)
print("modes of [root, BatchNorm, Dropout] loaded:", modes)
# --8<-- [end:show]


# Scripting compiles forward, it does not run it: a read of self.training
# stays a read, in user-defined modules too, and the loaded module keeps
# following the mode. A submodule that was traced before keeps the mode it
# was traced in: its code holds no read of the flag.
# --8<-- [start:check]
class Block(nn.Module):
    def forward(self, x):
        if self.training:
            return torch.nn.functional.dropout(x, 0.5)
        return x


# The deprecation warning is new in a release after 2.8: 2.12.1 warns,
# 2.8.0 and 2.4.1 do not. The mode asserts below hold on every release.
warns = torch.__version__ >= (2, 12)
assert (
    deprecated and len(deprecated) == len(caught) if warns else not deprecated
), (torch.__version__, [str(w.message) for w in caught])
assert saved == modes == [False, False, True]
assert (loaded(x) == 0).any()  # the loaded Dropout still drops
loaded.eval()
assert torch.equal(loaded(x), loaded(x)) and not (loaded(x) == 0).any()
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*deprecated")
    block = torch.jit.script(nn.Sequential(Block()).eval())
    assert torch.equal(block(x), x)  # a user module's self.training is read
    block.train()
    assert not torch.equal(block(x), x)
    batch = torch.randn(4, 8) + 3
    getattr(
        loaded, "0"
    ).train()  # the loaded BatchNorm updates its statistics again
    loaded(batch)
    assert not torch.equal(getattr(loaded, "0").running_mean, torch.zeros(8))
    traced = torch.jit.trace(nn.Sequential(nn.Dropout(0.5)).eval(), x)
    outer = torch.jit.script(nn.Sequential(traced)).train()
    assert outer.training and torch.equal(outer(x), x)  # traced in eval
# --8<-- [end:check]
