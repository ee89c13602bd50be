"""torch.jit.freeze refuses a root in train mode; each submodule's own mode is then frozen in as a constant."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Dropout(0.5))
x = torch.randn(1, 3, 8, 8)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # torch.jit warns (2.12 on): deprecated
    scripted = torch.jit.script(model)
    try:
        torch.jit.freeze(scripted.train())
    except RuntimeError as error:
        print("root in train mode ->\n ", str(error).split(". ")[0])
    frozen = torch.jit.freeze(scripted.eval())
    getattr(scripted, "2").train()  # root in eval, its Dropout in train
    mixed = torch.jit.freeze(scripted)
deprecated = [w for w in caught if "deprecated" in str(w.message)]
print("torch.jit warned that it is deprecated:", bool(deprecated))

for name, module in (("all in eval", frozen), ("Dropout in train", mixed)):
    calls = [op for op in ("batch_norm", "dropout") if op in module.code]
    print(f"{name}: frozen code calls {calls}")
print("all in eval, frozen output == eval model's:", end=" ")
with torch.no_grad():
    print(torch.allclose(frozen(x), model.eval()(x), atol=1e-5))
print(
    "Dropout in train, frozen: zeros in output:", bool((mixed(x) == 0).any())
)
# --8<-- [end:show]

# Freezing checks only the flag of the module it is given (jit/_freeze.py,
# `if mod.training`): a train-mode submodule passes, and its mode becomes a
# constant. A BatchNorm left in train mode keeps batch statistics for good.
# --8<-- [start:check]
# The deprecation warning is new in a release after 2.8: 2.12.1 warns,
# 2.8.0 and 2.4.1 do not. The mode asserts below hold on every release.
warns = torch.__version__ >= (2, 12)
assert (
    deprecated and len(deprecated) == len(caught) if warns else not deprecated
), (torch.__version__, [str(w.message) for w in caught])
assert "batch_norm" not in frozen.code and "dropout" not in frozen.code
assert torch.allclose(frozen(x), model.eval()(x), atol=1e-5)
assert "dropout" in mixed.code and (mixed(x) == 0).any()
mixed.eval()  # too late: the frozen Dropout keeps dropping
assert (mixed(x) == 0).any()

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*deprecated")
    bn_train = torch.jit.script(model.eval())
    getattr(bn_train, "1").train()
    frozen_bn = torch.jit.freeze(bn_train)
assert "batch_norm" in frozen_bn.code
batch = torch.randn(4, 3, 8, 8) * 2 + 1
out = frozen_bn(batch)  # normalised with the batch's own statistics
assert out.mean(dim=(0, 2, 3)).abs().max() < 1e-4
frozen_bn.eval()  # changes nothing: the flag is a constant now
assert torch.allclose(frozen_bn(batch), out, atol=1e-6)


# preserved_attrs=["training"] keeps the root's own flag an attribute: its
# own reads of self.training follow train() after freezing. "0.training"
# keeps a submodule's flag a read too, but frozen.train() does not reach
# it (the frozen module lists no children), and the submodule has no
# train() method: only setting its attribute by hand switches it.
class Block(nn.Module):
    def forward(self, x):
        return nn.functional.dropout(x, 0.5, self.training)


ones = torch.ones(1, 64)
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*deprecated")
    live = torch.jit.freeze(
        torch.jit.script(Block().eval()), preserved_attrs=["training"]
    )
    assert torch.equal(live(ones), ones)
    assert (live.train()(ones) == 0).any()  # the root's flag is still read
    kept = torch.jit.freeze(
        torch.jit.script(nn.Sequential(nn.Dropout(0.5)).eval()),
        preserved_attrs=["0.training"],
    )
assert "_0.training" in kept.code
assert torch.equal(kept.train()(ones), ones)  # train() does not reach it
inner = getattr(kept, "0")
try:
    inner.train()
    raise AssertionError("the frozen submodule has a train() method")
except AttributeError as error:
    assert "does not have a field with name 'train'" in str(error)
inner.training = True  # by hand
assert (kept(ones) == 0).any()
# --8<-- [end:check]
