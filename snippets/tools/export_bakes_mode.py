"""torch.export records each module's mode in the graph; the exported module refuses train() and eval()."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(4, 3)
model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3), nn.Dropout(0.5))
model.train()
model[1].eval()  # a frozen BatchNorm in a train-mode model
program = torch.export.export(model, (x,))
where = {"batch_norm": 5, "dropout": 2}  # the training argument of each op
flags = {}
for node in program.graph.nodes:
    op = getattr(node.target, "__name__", "").split(".")[0]
    if op in where:
        flags[op] = node.args[where[op]]
        print(f"exported graph: aten.{op}(..., training={flags[op]}, ...)")

exported = program.module()
print("exported module: training =", exported.training)
calls = {"exported.train()": exported.train, "exported.eval()": exported.eval}
calls["nn.Sequential(exported).eval()"] = nn.Sequential(exported).eval
results = {}
for name, call in calls.items():
    try:
        call()
        results[name] = "no error"
    except NotImplementedError as error:
        results[name] = f"NotImplementedError: {error}"
    print(f"{name} ->\n  {results[name]}")
# --8<-- [end:show]

# The .training attribute of the exported module says nothing about what it
# computes: export once per mode you need. Setting the attribute by hand
# raises nothing and changes nothing either.
# --8<-- [start:check]
assert flags == {"batch_norm": False, "dropout": True}
assert exported.training is True
out = exported(x)
assert (out == 0).any()  # the Dropout still drops
exported.training = False
assert (exported(x) == 0).any()
with torch.no_grad():
    kept = out != 0  # the BatchNorm used its running statistics (eval)
    expected = 2 * model[1](model[0](x))
    assert torch.allclose(out[kept], expected[kept], atol=1e-6)
assert all(r.startswith("NotImplementedError") for r in results.values())
# --8<-- [end:check]
