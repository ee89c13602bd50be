"""torch.compile compiles a graph per combination of the flags its model reads and the grad mode, then reuses it."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
graphs = []


def counting_backend(graph_module, example_inputs):
    graphs.append(graph_module)  # one call per graph Dynamo compiles
    return graph_module.forward


model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Dropout(0.5))
compiled = torch.compile(model, backend=counting_backend)
x = torch.randn(3, 4)
cases = [  # (label, model mode, BatchNorm mode, Dropout mode, grad mode)
    ("train", True, True, True, torch.enable_grad),
    ("eval", False, False, False, torch.enable_grad),
    ("train, BN frozen", True, False, True, torch.enable_grad),
    ("eval, Dropout on", False, False, True, torch.enable_grad),
    ("eval, no_grad", False, False, False, torch.no_grad),
    ("eval, inference", False, False, False, torch.inference_mode),
]
for label, root, bn, dropout, grad_mode in cases:
    model.train(root)
    model[1].train(bn)
    model[2].train(dropout)
    with grad_mode():
        compiled(x)
    print(f"{label:16} BN={bn!s:5} Dropout={dropout!s:5} graphs:", len(graphs))
# --8<-- [end:show]

# "train, BN frozen" and "eval, Dropout on" differ only in the flags of the
# Sequential and the Linear, whose forward does not read them, so Dynamo
# does not guard on them. The grad mode is guarded: eval under no_grad and
# under inference_mode are graphs of their own. Every graph counts toward
# torch._dynamo.config.recompile_limit (8 in torch/_dynamo/config.py).
# --8<-- [start:check]
assert len(graphs) == 5
compiled.train()
compiled(x)  # train again: the first graph is reused
assert len(graphs) == 5
model[0].eval()  # Linear reads no flag: no new graph
compiled(x)
assert len(graphs) == 5
with torch.no_grad():
    compiled(x)  # train mode under no_grad: a new graph
assert len(graphs) == 6
assert torch._dynamo.config.recompile_limit == 8
# --8<-- [end:check]
