"""By default torch.onnx.export warns when the model is in train mode, and does not switch it to eval mode."""

# --8<-- [start:show]
# The default (dynamo) exporter needs the onnxscript package, which this site does
# not install, so this reads the installed torch's source instead of running it.
import ast
import inspect
import textwrap
from pathlib import Path

import torch
import torch.onnx

dynamo = inspect.signature(torch.onnx.export).parameters["dynamo"].default
export_tree = ast.parse(textwrap.dedent(inspect.getsource(torch.onnx.export)))
calls = {
    ast.unparse(n.func)
    for n in ast.walk(export_tree)
    if isinstance(n, ast.Call)
}
print(
    f"torch {torch.__version__}: torch.onnx.export(..., dynamo={dynamo}) calls _compat.export_compat:",
    end=" ",
)
print("_compat.export_compat" in calls)

# Importing _compat would import onnxscript: parse the file instead.
compat = (
    Path(torch.onnx.__file__).parent / "_internal" / "exporter" / "_compat.py"
)
tree = ast.parse(compat.read_text())
export_compat = next(
    n
    for n in tree.body
    if isinstance(n, ast.FunctionDef) and n.name == "export_compat"
)
checks = [
    n
    for n in ast.walk(export_compat)
    if isinstance(n, ast.If) and ast.unparse(n.test) == "model.training"
]
print(
    f"in {compat.relative_to(Path(torch.__file__).parent.parent)}, export_compat:"
)
print(textwrap.indent(ast.unparse(checks[0]), "    "))

(check,) = checks
(warn,) = (
    check.body
)  # a warning, and nothing else: no call to eval(), no error

# Nowhere in the exporter is the mode switched: no call to .eval() or .train().
switches = [
    f"{path.name}:{node.lineno}"
    for path in sorted(compat.parent.rglob("*.py"))
    for node in ast.walk(ast.parse(path.read_text()))
    if isinstance(node, ast.Call)
    and isinstance(node.func, ast.Attribute)
    and node.func.attr in ("eval", "train")
]
print(
    f"calls to .eval() or .train() in {compat.parent.name}/ and below: {len(switches)}"
)
# --8<-- [end:show]

# --8<-- [start:check]
assert dynamo is True and "_compat.export_compat" in calls

assert ast.unparse(warn.value.func) == "warnings.warn"
assert ast.unparse(warn.value.args[1]) == "UserWarning"
assert "training mode" in warn.value.args[0].value

assert not switches, switches
# --8<-- [end:check]
