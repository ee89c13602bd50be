"""torch.func.stack_module_state compares only the models' own flags: it stacks models whose Dropouts differ."""

# --8<-- [start:show]
import torch.nn as nn
from torch.func import stack_module_state


def make():
    return nn.Sequential(nn.Linear(2, 2), nn.Dropout(0.5))


def modes(model):
    return [module.training for module in model.modules()]


try:
    stack_module_state([make(), make().eval()])
except RuntimeError as error:
    print("models in different modes ->\n ", error)

models = [make(), make()]
models[1][1].eval()  # only the second model's Dropout is in eval mode
params, buffers = stack_module_state(models)
print("modes", modes(models[0]), "and", modes(models[1]))
print("  -> stacked, weight shape", tuple(params["0.weight"].shape))
same = all(modes(model) == modes(models[0]) for model in models)
print("same mode in every module:", same)
# --8<-- [end:show]

# The test in torch/_functorch/functional_call.py reads m.training for each
# model m passed in, nothing below it. What the stacked ensemble then computes
# with follows the modes of the module it is run through (functional_call's
# base module), not those of the models stacked: check each module yourself,
# as `same` does.
# --8<-- [start:check]
import torch  # noqa: E402
from torch.func import functional_call, vmap  # noqa: E402

assert not same
a, b = make(), make().eval()
b[1].train()  # the roots differ, the Dropouts do not
try:
    stack_module_state([a, b])
    raise AssertionError("stack_module_state accepted different root flags")
except RuntimeError as error:
    assert "same training/eval mode" in str(error)
c = make().eval()
c[1].train()  # roots agree (eval), Dropouts differ
stack_module_state([make().eval(), c])

# The ensemble runs in the modes of the base module it is called through:
base = make().eval()
x = torch.ones(3, 2)
ensemble = vmap(lambda p, b: functional_call(base, (p, b), (x,)))
with torch.no_grad():
    expected = torch.stack([model[0](x) for model in models])
    assert torch.allclose(ensemble(params, buffers), expected)  # no dropout
# --8<-- [end:check]
