"""F.dropout ignores the module's mode unless it is passed training=self.training."""

# --8<-- [start:show]
import inspect

import torch
import torch.nn as nn
import torch.nn.functional as F


class Forgetful(nn.Module):
    def forward(self, x):
        return F.dropout(x, p=0.5)  # training defaults to True


class Careful(nn.Module):
    def forward(self, x):
        return F.dropout(x, p=0.5, training=self.training)


default = inspect.signature(F.dropout).parameters["training"].default
print("F.dropout(..., training=) defaults to", default)

torch.manual_seed(0)
x = torch.ones(1, 8)
forgetful, careful = Forgetful().eval(), Careful().eval()
print("Forgetful in eval mode:", forgetful(x).tolist())
print("Careful in eval mode:  ", careful(x).tolist())
# --8<-- [end:show]

# --8<-- [start:check]
assert default is True

assert not torch.equal(forgetful(x), x)  # still dropping after eval()
assert torch.equal(careful(x), x)
# --8<-- [end:check]
