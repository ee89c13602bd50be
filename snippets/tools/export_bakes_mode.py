"""torch.export records each module's mode; ep.module() refuses train()/eval(), unflatten(ep) just sets flags."""

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
# raises nothing and changes nothing either. torch.export.unflatten(program)
# gives a module whose train() and eval() set the flags and change nothing
# either. Dropout and BatchNorm take the mode as the training argument of
# aten.dropout and aten.batch_norm; other layers have ops of their own, with
# the mode in an argument of theirs.
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
import warnings  # noqa: E402

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # a FutureWarning from the pytree code
    unflat = torch.export.unflatten(program).eval()  # no error
assert not any(m.training for m in unflat.modules())
assert (unflat(x) == 0).any()  # the Dropout still drops, as exported

ops = {  # layer: its op, the index of the argument that holds the mode
    nn.RReLU(): ("aten.rrelu.default", 3),
    nn.AlphaDropout(0.5): ("aten.alpha_dropout.default", 2),
    nn.Dropout1d(0.5): ("aten.feature_dropout.default", 2),
    nn.InstanceNorm1d(3, track_running_stats=True): (
        "aten.instance_norm.default",
        5,  # use_input_stats
    ),
}
for layer, (name, index) in ops.items():
    modes = []
    for mode in (True, False):
        graph = torch.export.export(
            nn.Sequential(layer.train(mode)), (torch.randn(2, 3, 5),)
        ).graph
        (node,) = [n for n in graph.nodes if n.op == "call_function"]
        assert str(node.target) == name
        modes.append(node.args[index] if len(node.args) > index else False)
    assert modes == [True, False], (name, modes)
# --8<-- [end:check]
