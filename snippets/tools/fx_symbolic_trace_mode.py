"""torch.fx.symbolic_trace keeps torch.nn layers following the mode, but bakes in the modes of user modules."""

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
for node in traced.graph.nodes:
    if node.op == "call_module":
        print("  module", node.target, type(traced.get_submodule(node.target)))
    elif node.op == "call_function":
        print("  function", node.target.__name__, node.kwargs)

x = torch.ones(64)
print("after .train(), both in train mode; values in the output:")
print("  the traced module:", sorted(set(traced.train()(x).tolist())))
print("  the model itself: ", sorted(set(model.train()(x).tolist())))
# --8<-- [end:show]

# What follows the mode is a call_module node: by default only modules whose
# class is defined in torch.nn or torch.ao.nn (not Sequential) stay calls
# (Tracer.is_leaf_module). Every other module's forward is run at trace time,
# so each read of self.training is replaced by its value then.
# --8<-- [start:check]
leaf = [n.target for n in traced.graph.nodes if n.op == "call_module"]
baked = [
    n.kwargs["training"] for n in traced.graph.nodes if n.target is F.dropout
]
assert leaf == ["0"] and baked == [False, False]
assert traced.get_submodule("0") is model[0]  # shared with the model
assert model[1].training and model[2].training
# The Dropout call follows the mode; Block and MyDropout stay as traced.
traced.eval()
assert torch.equal(traced(x), x)
traced.train()
assert traced.training and set(traced(x).tolist()) <= {0.0, 2.0}
traced.get_submodule("0").eval()
assert torch.equal(traced(x), x)  # baked False, and nn.Dropout now in eval
assert not torch.equal(torch.fx.symbolic_trace(model)(x), x)  # retraced
# --8<-- [end:check]
