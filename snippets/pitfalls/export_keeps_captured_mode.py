"""torch.export bakes the mode into the exported graph, and its module refuses eval() and train()."""

import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(4, 4), nn.Dropout(0.5))
x = torch.ones(1, 4)


def dropout_train_arg(exported):
    node = next(n for n in exported.graph.nodes if n.target == torch.ops.aten.dropout.default)
    return node.args[2]


for mode in (True, False):
    exported = torch.export.export(model.train(mode), (x,))
    print(f"exported with training={mode}: aten.dropout(..., train={dropout_train_arg(exported)})")
    assert dropout_train_arg(exported) is mode

module = torch.export.export(model.train(), (x,)).module()
for name in ("eval", "train"):
    try:
        getattr(module, name)()
    except NotImplementedError as error:
        print(f"module.{name}() -> NotImplementedError: {error}")
    else:
        raise AssertionError(f"module.{name}() was accepted")
