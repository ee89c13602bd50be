"""optimize_for_inference calls eval() on the module, then freezes it; a module frozen before keeps its modes."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.Dropout(0.5))
x = torch.randn(1, 3, 8, 8)


def modes():
    return [scripted.training] + [m.training for m in scripted.children()]


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # torch.jit warns (2.12 on): deprecated
    scripted = torch.jit.script(model.eval())
    getattr(scripted, "2").train()  # Monte Carlo dropout: eval, Dropout on
    print("modes of [model, Conv2d, BatchNorm2d, Dropout]")
    print("  before optimize_for_inference:", modes())
    optimized = torch.jit.optimize_for_inference(scripted)
    print("  after:                        ", modes())
deprecated = [w for w in caught if "deprecated" in str(w.message)]
print("torch.jit warned that it is deprecated:", bool(deprecated))
print("optimized code calls dropout:", "dropout" in optimized.code)
with torch.no_grad():
    same = torch.allclose(optimized(x), model.eval()(x), atol=1e-5)
print("optimized output == the eval-mode model's:", same)
# --8<-- [end:show]

# It calls freeze(mod.eval(), ...) (torch/jit/_freeze.py): eval() on the
# scripted module you pass, which sets one flag on every module of it, so a
# train-mode submodule is switched off in your module too, not only in the
# optimized copy. It does so only `if hasattr(mod, "training")`: a module
# frozen before has no training attribute, so it is optimized with the
# modes it was frozen in, a Dropout frozen in train mode still dropping.
# --8<-- [start:check]
# The deprecation warning is new in a release after 2.8: 2.12.1 warns,
# 2.8.0 and 2.4.1 do not. The mode asserts below hold on every release.
warns = torch.__version__ >= (2, 12)
assert (
    deprecated and len(deprecated) == len(caught) if warns else not deprecated
), (torch.__version__, [str(w.message) for w in caught])
assert modes() == [False, False, False, False]
assert "dropout" not in optimized.code and same
assert not any(
    torch.equal(optimized(x), torch.zeros_like(optimized(x))) for _ in range(3)
)
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*deprecated")
    scripted = torch.jit.script(model.eval())
    getattr(scripted, "2").train()  # Monte Carlo dropout
    frozen = torch.jit.freeze(scripted)  # root in eval: accepted
    assert not hasattr(frozen, "training")
    from_frozen = torch.jit.optimize_for_inference(frozen)
assert "dropout" in from_frozen.code and (from_frozen(x) == 0).any()
# --8<-- [end:check]
