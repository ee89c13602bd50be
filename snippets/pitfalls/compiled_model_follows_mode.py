"""A torch.compile'd model follows mode switches: the first switch to a new mode compiles a second graph."""

import torch
import torch.nn as nn

graphs = []


def counting_backend(graph_module, example_inputs):
    """A do-nothing backend that records each graph Dynamo hands it."""
    graphs.append(graph_module)
    return graph_module.forward


def dropout_training_flag(graph_module):
    node = next(n for n in graph_module.graph.nodes if n.target is torch.nn.functional.dropout)
    return node.args[2]


torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
compiled = torch.compile(model, backend=counting_backend)
x = torch.ones(1, 4)

for mode in ("train", "eval", "train", "eval"):
    getattr(compiled, mode)()
    same = torch.equal(compiled(x), compiled(x))
    print(f"{mode:5}: graphs compiled so far {len(graphs)}, two outputs equal {same}")
    assert same == (mode == "eval")

print("graph 1 dropout training =", dropout_training_flag(graphs[0]))
print("graph 2 dropout training =", dropout_training_flag(graphs[1]))
assert len(graphs) == 2 and dropout_training_flag(graphs[0]) is True and dropout_training_flag(graphs[1]) is False
