"""torch.onnx.export with dynamo=True warns only on a root in train mode, and switches no mode."""

# --8<-- [start:show]
# The dynamo exporter needs onnxscript, not installed here: read its source.
import ast
import inspect
import textwrap
from pathlib import Path

import torch.onnx

folder = Path(torch.onnx.__file__).parent / "_internal" / "exporter"
trees = {p.name: ast.parse(p.read_text()) for p in folder.rglob("*.py")}
nodes = [node for tree in trees.values() for node in ast.walk(tree)]
export = ast.parse(inspect.getsource(torch.onnx.export))
calls = [n for n in ast.walk(export) if isinstance(n, ast.Call)]
call = next(n for n in calls if ast.unparse(n.func) == "_compat.export_compat")
dynamo = inspect.signature(torch.onnx.export).parameters["dynamo"].default
passed = [keyword.arg for keyword in call.keywords]
print("dynamo defaults to", dynamo, end="; ")
print("dynamo=True passes the training argument on:", "training" in passed)
reads = {ast.unparse(n) for n in nodes if getattr(n, "attr", 0) == "training"}
switches = [n for n in nodes if getattr(n, "attr", 0) in ("train", "eval")]
print("exporter/ reads", sorted(reads), end=" and ")
print("calls .train() or .eval()", len(switches), "times")
ifs = [n for n in ast.walk(trees["_compat.py"]) if isinstance(n, ast.If)]
test = next((n for n in ifs if "training" in ast.unparse(n.test)), None)
if test is None:  # torch 2.8: the exporter has no such check
    print("_compat.py: no `if` on the model's flag, so no warning")
else:
    print(f"_compat.py: if {ast.unparse(test.test)}: warnings.warn(")
    message = test.body[0].value.args[0].value
    print(textwrap.indent(textwrap.fill(message, 74), "    ") + ")")
# --8<-- [end:show]

# The graph itself comes from torch.export.export (exporter/
# _capture_strategies.py), which records each module's mode as it is. A
# model in eval mode with a Dropout in train mode exports without a warning.
# --8<-- [start:check]
assert "training" not in passed and not switches
assert test is not None and reads == {"model.training"}  # the warning
assert dynamo is True  # the default from 2.12 on
assert ast.unparse(test.test) == "model.training" and len(test.body) == 1
assert ast.unparse(test.body[0].value.func) == "warnings.warn"
assert "training mode" in message
captures = [n for n in nodes if isinstance(n, ast.Call)]
assert any(ast.unparse(n.func) == "torch.export.export" for n in captures)
# --8<-- [end:check]
