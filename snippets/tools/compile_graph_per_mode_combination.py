"""torch.compile compiles one graph per combination of the training flags its model reads, then reuses it."""

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
cases = [  # (label, model mode, BatchNorm mode, Dropout mode)
    ("train", True, True, True),
    ("eval", False, False, False),
    ("train, BN frozen", True, False, True),
    ("eval, Dropout on", False, False, True),
    ("train again", True, True, True),
]
for label, root, bn, dropout in cases:
    model.train(root)
    model[1].train(bn)
    model[2].train(dropout)
    compiled(x)
    print(
        f"{label:16} BN={bn!s:5} Dropout={dropout!s:5} -> graphs: {len(graphs)}"
    )
# --8<-- [end:show]

# "train, BN frozen" and "eval, Dropout on" differ only in the flags of the
# Sequential and the Linear, whose forward does not read them, so Dynamo does not guard on them.
# --8<-- [start:check]
assert len(graphs) == 3
compiled.train()
model[0].eval()  # Linear reads no flag: no new graph
compiled(x)
assert len(graphs) == 3
# --8<-- [end:check]
