"""torch.export records each module's mode; ep.module() refuses train()/eval(), unflatten(ep) just sets flags."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(4, 3)
model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3), nn.Dropout(0.5))
model[1].eval()  # a frozen BatchNorm in a train-mode model
program = torch.export.export(model, (x,), strict=False)  # the default in 2.8+
flags = {}  # the mode each ATen op records: an argument, or its name
for node in [n for n in program.graph.nodes if hasattr(n.target, "_schema")]:
    names = [arg.name for arg in node.target._schema.arguments]
    args = dict(zip(names, node.args))
    mode = args.get("training", args.get("train"))  # Dropout's is "train"
    if "_no_training" in str(node.target):  # torch 2.4's op for eval BatchNorm
        mode = False
    if mode is not None:
        flags[op := str(node.target)] = mode
        print(f"exported graph: {op}, training: {mode}")
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

# strict=False is the default of torch.export.export in 2.8.0 and later; in
# 2.4.1 the default is strict=True, and torch.export.unflatten of that strict
# program of an nn.Sequential raises an AssertionError inside torch
# (unflatten.py: "Child module ... is not a descendant of parent module").
# Passing it makes every release export the same way.
# The .training attribute of the exported module says nothing about what it
# computes: export once per mode you need. Setting the attribute by hand
# raises nothing and changes nothing either. torch.export.unflatten(program)
# gives a module whose train() and eval() set the flags and change nothing
# either. Dropout and BatchNorm take the mode as an argument of aten.dropout
# (train) and aten.batch_norm (training); torch 2.4 exports a BatchNorm as
# aten._native_batch_norm_legit_no_training in eval (no such argument: the
# name says it) and as aten._native_batch_norm_legit_functional, with a
# training argument, in train mode. The checks export a BatchNorm alone in
# each mode and read it as the shown code does. Other layers have ops of
# their own, with the mode in an argument of theirs.
# --8<-- [start:check]
# one op for the BatchNorm (eval) and one for the Dropout (train)
assert len(flags) == 2, flags
assert [t for op, t in flags.items() if "batch_norm" in op] == [False]
assert [t for op, t in flags.items() if "dropout" in op] == [True]
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

for mode in (True, False):  # a BatchNorm's op, whichever the release uses
    bn = nn.Sequential(nn.BatchNorm1d(3).train(mode))
    graph = torch.export.export(bn, (torch.randn(4, 3),)).graph
    (node,) = [n for n in graph.nodes if "batch_norm" in str(n.target)]
    names = [arg.name for arg in node.target._schema.arguments]
    args = dict(zip(names, node.args))
    if "_no_training" in str(node.target):
        assert "training" not in args and mode is False
    else:
        assert args["training"] is mode, (node.target, args)

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
