"""torch.compile guards on the training flag: each mode gets its own graph, compiled once and then reused."""

# --8<-- [start:show]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)
graphs = []


def counting_backend(graph_module, example_inputs):
    """A backend that records each graph Dynamo hands it and runs it as is."""
    graphs.append(graph_module)
    return graph_module.forward


model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
compiled = torch.compile(model, backend=counting_backend)
x = torch.ones(2, 4)
for mode in ("train", "train", "eval", "eval", "train"):
    getattr(compiled, mode)()  # the wrapper passes the mode to the model
    compiled(x)
    print(
        f"call in {mode:5} mode (model.training={model.training!s:5}) -> graphs compiled so far: {len(graphs)}"
    )
    assert model.training == (mode == "train")

for number, graph in enumerate(graphs, start=1):
    training_args = [
        node.args[2] for node in graph.graph.nodes if node.target is F.dropout
    ]
    print(f"graph {number}: F.dropout called with training={training_args[0]}")
# --8<-- [end:show]

# --8<-- [start:check]
assert len(graphs) == 2
assert [
    [n.args[2] for n in g.graph.nodes if n.target is F.dropout] for g in graphs
] == [[True], [False]]
# --8<-- [end:check]
