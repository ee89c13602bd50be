"""Layers created inside forward() are new modules on every call, in train mode, and eval() never reaches them."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)


class BuiltInForward(nn.Module):
    def forward(self, x):
        # A new, untrained BatchNorm on every call, and not a submodule:
        return nn.BatchNorm1d(x.shape[1])(x)


class BuiltInInit(nn.Module):
    def __init__(self):
        super().__init__()
        self.norm = nn.BatchNorm1d(3)  # registered once, as a submodule

    def forward(self, x):
        return self.norm(x)


one_sample = torch.randn(1, 3)
for model in (BuiltInForward().eval(), BuiltInInit().eval()):
    name = type(model).__name__
    submodules = [type(m).__name__ for m in model.children()]
    n_params = sum(
        p.numel() for p in model.parameters()
    )  # what an optimizer would train
    try:
        model(one_sample)
        result = "ran"
    except ValueError as error:
        result = f"ValueError: {str(error).split(',')[0]}"
    print(f"{name}: submodules {submodules}, parameters {n_params}")
    print(f"  after eval(), a batch of one -> {result}")

try:
    BuiltInForward().eval()(one_sample)
except ValueError:
    pass
else:
    raise AssertionError("a BatchNorm built in forward() ran in eval mode")
# --8<-- [end:show]

# --8<-- [start:check]
assert list(BuiltInForward().children()) == [] and not list(
    BuiltInForward().parameters()
)
assert BuiltInInit().eval()(one_sample).shape == (1, 3)
# --8<-- [end:check]
