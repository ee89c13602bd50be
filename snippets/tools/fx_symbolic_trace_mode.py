"""torch.fx.symbolic_trace keeps modules of torch.nn classes following the mode, and bakes in the others' modes."""

# --8<-- [start:show]
import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Block(nn.Module):  # user-defined: traced through, not called
    def forward(self, x):
        return F.dropout(x, 0.5, training=self.training)


class MyDropout(nn.Dropout):  # a subclass defined outside torch.nn
    pass


model = nn.Sequential(nn.Dropout(0.5), Block(), MyDropout(0.5)).eval()
traced = torch.fx.symbolic_trace(model)
print("traced in eval mode, the graph calls:")
for node in [n for n in traced.graph.nodes if n.op.startswith("call_")]:
    name = getattr(node.target, "__name__", node.target)
    print(" ", node.op, name, node.kwargs)

x = torch.ones(64)
traced.train()
print("after traced.train(): the model's modes", [m.training for m in model])
print("  values in the traced output:", sorted(set(traced(x).tolist())))
model.train()
print("  after model.train(), in its output:", sorted(set(model(x).tolist())))
# --8<-- [end:show]

# What follows the mode is a call_module node: by default a module is a leaf
# when its class's __module__ starts with "torch.nn" or "torch.ao.nn" and it
# is not a Sequential (Tracer.is_leaf_module). A user module with a
# parametrization gets a class made in torch.nn.utils.parametrize, so it is a
# leaf too. Every other module's forward is run at trace time, so each read
# of self.training is replaced by its value then. The leaf modules are the
# model's own: traced.train() switched the model's Dropout, and left the
# model in mixed modes.
# --8<-- [start:check]
from torch.nn.utils import parametrizations  # noqa: E402

leaf = [n.target for n in traced.graph.nodes if n.op == "call_module"]
baked = [
    n.kwargs["training"] for n in traced.graph.nodes if n.target is F.dropout
]
assert leaf == ["0"] and baked == [False, False]
assert traced.get_submodule("0") is model[0]  # shared with the model
model.eval()
traced.train()
assert [model.training] + [m.training for m in model] == [
    False,
    True,
    False,
    False,
]
# The Dropout call follows the mode; Block and MyDropout stay as traced.
traced.eval()
assert torch.equal(traced(x), x) and not model[0].training
traced.train()
assert traced.training and set(traced(x).tolist()) <= {0.0, 2.0}
traced.get_submodule("0").eval()
assert torch.equal(traced(x), x)  # baked False, and nn.Dropout now in eval
model.train()
assert not torch.equal(torch.fx.symbolic_trace(model)(x), x)  # retraced


class Scaled(nn.Module):  # a user module, then parametrized
    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(64))

    def forward(self, x):
        return F.dropout(x * self.weight, 0.5, training=self.training)


scaled = parametrizations.weight_norm(Scaled(), dim=None)
assert type(scaled).__module__ == "torch.nn.utils.parametrize"
graph_module = torch.fx.symbolic_trace(nn.Sequential(scaled).eval())
assert [n.op for n in graph_module.graph.nodes].count("call_module") == 1
with torch.no_grad():
    assert torch.allclose(graph_module(x), x)
    assert (graph_module.train()(x) == 0).any()  # a leaf: follows the mode
# --8<-- [end:check]
