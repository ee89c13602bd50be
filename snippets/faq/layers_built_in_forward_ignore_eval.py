"""Layers created inside forward() are new modules on every call, in train mode, and eval() never reaches them."""

# --8<-- [start:show]
import torch
import torch.nn as nn


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


results = {}  # an eval-mode model given a batch of one:
for model in (BuiltInForward().eval(), BuiltInInit().eval()):
    name = type(model).__name__
    try:
        model(torch.ones(1, 3))
        results[name] = "ran"
    except ValueError as error:
        results[name] = f"ValueError: {str(error).split(',')[0]}"
    children = [type(m).__name__ for m in model.children()]
    print(f"{name}: submodules {children}; eval(), then a batch of one:")
    print(f"  {results[name]}")
# --8<-- [end:show]

# --8<-- [start:check]
assert list(BuiltInForward().children()) == []
assert not list(BuiltInForward().parameters())  # nothing for an optimizer
assert results["BuiltInForward"].startswith(
    "ValueError: Expected more than 1 value per channel when training"
)
assert results["BuiltInInit"] == "ran"
# --8<-- [end:check]
