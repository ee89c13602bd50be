"""torch.export records the mode in the graph, and the exported module refuses train() and eval()."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.ones(8)
model = nn.Sequential(nn.Dropout(0.5))

for mode in ("eval", "train"):
    program = torch.export.export(getattr(model, mode)(), (x,))
    dropout_calls = [
        node
        for node in program.graph.nodes
        if node.target == torch.ops.aten.dropout.default
    ]
    print(
        f"exported in {mode} mode: aten.dropout(input, p={dropout_calls[0].args[1]}, train={dropout_calls[0].args[2]})"
    )
    assert dropout_calls[0].args[2] == (mode == "train")

for mode in ("eval", "train"):
    flag = torch.export.export(getattr(model, mode)(), (x,)).module().training
    print(
        f"exported in {mode} mode: the module's training attribute is {flag}"
    )
    assert flag is True  # whatever mode was exported

exported = torch.export.export(model.eval(), (x,)).module()
print("exported in eval mode: output", exported(x).tolist())
for method in ("train", "eval"):
    try:
        getattr(exported, method)()
        message = "no error"
    except NotImplementedError as error:
        message = f"NotImplementedError: {error}"
    print(f"exported.{method}() ->", message)
    assert message.startswith("NotImplementedError")
# --8<-- [end:show]

# --8<-- [start:check]
assert torch.equal(
    exported(x), x
)  # exported in eval mode: the identity, whatever .training says
# --8<-- [end:check]
