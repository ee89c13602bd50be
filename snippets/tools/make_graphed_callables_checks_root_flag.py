"""make_graphed_callables replays the graph when the module's own flag is as captured; it reads no other flag."""

# --8<-- [start:show]
# Capturing a CUDA graph needs a GPU: this reads the installed torch's source.
import ast
import inspect
import textwrap

import torch.cuda.graphs


def find(function, kind, start):
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    for node in ast.walk(tree):
        if isinstance(node, kind) and ast.unparse(node).startswith(start):
            return node, tree


cuda = torch.cuda.graphs.make_graphed_callables
loop, tree = find(cuda, ast.For, "for i, func in")
new_fwd, _ = find(cuda, ast.FunctionDef, "def new_fwd")
install, _ = find(cuda, ast.Assign, "func.forward =")
print("torch/cuda/graphs.py, make_graphed_callables:")
print(ast.unparse(loop).splitlines()[0], " # each callable passed in")
print(" ", ast.unparse(install).replace(", ", ","))
(branch,) = new_fwd.body  # the forward it installs: one if statement
test, then, other = branch.test, branch.body[0].value, branch.orelse[0].value
print(f"  # new forward: {ast.unparse(then.func)}(...) if {ast.unparse(test)}")
print(f"  #   else {ast.unparse(other.func)}(...)")
attributes = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute)]
reads = {ast.unparse(n) for n in attributes if n.attr == "training"}
print("every .training it reads:", sorted(reads))
# --8<-- [end:show]

# `func` is one of the callables passed in (the top-level modules): the
# graphed forward is installed on it alone, and tests its flag alone. So after
# model.dropout.eval() (or a frozen BatchNorm) on a train-mode model, the
# train-mode graph, captured with the old submodule modes, is still replayed.
# --8<-- [start:check]
assert ast.unparse(loop.iter) == "enumerate(callables)"
assert ast.unparse(branch.test) == "func.training == graph_training_state"
assert ast.unparse(branch.body[0].value.func) == "graphed"
assert ast.unparse(branch.orelse[0].value.func) == "orig_fwd"
assert [ast.unparse(a) for a in install.value.args[:2]] == [
    "func",
    "func.training",
]
assert reads == {"func.training"}
factory, _ = find(cuda, ast.FunctionDef, "def make_graphed_forward")
assert [a.arg for a in factory.args.args][:2] == [
    "func",
    "graph_training_state",
]
assert "modules()" not in ast.unparse(loop)  # no walk over the submodules
try:  # the XPU twin is new in a release after 2.8 (2.12.1 has it)
    import torch.xpu.graphs
except ModuleNotFoundError:
    assert torch.__version__ < (2, 12), "torch.xpu.graphs is missing"
else:  # the same for XPU graphs
    xpu_fn = torch.xpu.graphs.make_graphed_callables
    xpu, _ = find(xpu_fn, ast.FunctionDef, "def new_fwd")
    assert ast.dump(xpu) == ast.dump(new_fwd)
# --8<-- [end:check]
