"""torch.fx.symbolic_trace keeps Dropout modules mode-aware but freezes a read of self.training as a constant."""

# --8<-- [start:show]
import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.dropout = nn.Dropout(0.5)

    def forward(self, x):
        by_module = self.dropout(x)  # traced as a call to the submodule
        by_function = F.dropout(
            x, 0.5, training=self.training
        )  # self.training is read once, at trace time
        return by_module, by_function


graph_module = torch.fx.symbolic_trace(Net().eval())
print(
    "traced in eval mode; the GraphModule copies it: training =",
    graph_module.training,
)
print("generated code:")
print(
    "\n".join("  " + line for line in graph_module.code.strip().splitlines())
)

graph_module.train()
x = torch.ones(8)
by_module, by_function = graph_module(x)
print(
    "after .train(): training =",
    graph_module.training,
    "and",
    graph_module.dropout.training,
)
print("  the Dropout module:       ", by_module.tolist())
print("  F.dropout(training=False):", by_function.tolist())
# --8<-- [end:show]

# --8<-- [start:check]
assert not graph_module.training

assert not torch.equal(by_module, x)  # the submodule follows the new mode
assert torch.equal(by_function, x)  # the traced constant does not
# --8<-- [end:check]
