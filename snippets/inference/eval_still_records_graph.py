"""eval() changes layer behaviour only: autograd still records the graph, and backward() still works."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Dropout(0.5), nn.Linear(8, 1)).eval()
out = model(torch.randn(2, 4))
print(
    "eval mode: output requires_grad",
    out.requires_grad,
    "| has a grad_fn",
    out.grad_fn is not None,
)
out.sum().backward()
print(
    "backward() filled",
    sum(p.grad is not None for p in model.parameters()),
    "of 4 .grad tensors",
)
# --8<-- [end:show]

# --8<-- [start:check]
assert out.requires_grad and all(
    p.grad is not None for p in model.parameters()
)
# --8<-- [end:check]
