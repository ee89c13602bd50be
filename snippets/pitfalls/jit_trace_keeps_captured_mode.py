"""A model traced with torch.jit.trace keeps the mode it was traced in; eval() on it flips only the flag."""

import warnings

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5)).train()
x = torch.ones(1, 4)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    traced = torch.jit.trace(model, (x,), check_trace=False)  # traced in train mode
    traced_in_eval = torch.jit.trace(model.eval(), (x,))  # traced in eval mode
for message in sorted({f"{w.category.__name__}: {w.message}" for w in caught}):
    print(message)

dropout = next(node for node in traced.inlined_graph.nodes() if node.kind() == "aten::dropout")
print("baked into the graph: aten::dropout(train =", bool(dropout.inputsAt(2).toIValue()), end=")\n")

traced.eval()
print("traced.eval() -> training =", traced.training, "| two outputs equal:", torch.equal(traced(x), traced(x)))
assert not traced.training and not torch.equal(traced(x), traced(x))  # still dropping

print("traced after model.eval(): two outputs equal:", torch.equal(traced_in_eval(x), traced_in_eval(x)))
assert torch.equal(traced_in_eval(x), x @ model[0].weight.T + model[0].bias)  # no dropout at all
