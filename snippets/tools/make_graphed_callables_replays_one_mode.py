"""make_graphed_callables replays a module's graph only in the mode it was captured in, else runs the old forward."""

# --8<-- [start:show]
# Capturing a CUDA graph needs a GPU, so this reads the installed torch's source
# instead of running it: the forward that make_graphed_callables installs on a module.
import ast
import inspect
import textwrap

import torch
import torch.cuda.graphs
import torch.xpu.graphs


def installed_forward(function):
    """From the installed torch: the factory of the new forward, the new forward, and the line installing it."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    functions = {
        n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)
    }
    install = next(
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        and ast.unparse(n.targets[0]) == "func.forward"
    )
    return functions["make_graphed_forward"], functions["new_fwd"], install


factory, new_fwd, install = installed_forward(
    torch.cuda.graphs.make_graphed_callables
)
parameters = [arg.arg for arg in factory.args.args]
print(
    f"torch.cuda.make_graphed_callables, torch {torch.__version__}, for a module `func`:"
)
print(f"    {ast.unparse(install)}")
print(f"    # make_graphed_forward({', '.join(parameters)}) returns:")
print(textwrap.indent(ast.unparse(new_fwd), "    "))

# ... and the graph runs only when the module is in that mode again; otherwise the original forward runs.
(branch,) = new_fwd.body

xpu = installed_forward(torch.xpu.graphs.make_graphed_callables)
same = all(
    ast.dump(a) == ast.dump(b)
    for a, b in zip(xpu, (factory, new_fwd, install))
)
print("torch.xpu.make_graphed_callables installs the same forward:", same)
# --8<-- [end:show]

# --8<-- [start:check]
# The mode at capture time is passed in as graph_training_state ...
assert (
    ast.unparse(install.value.args[1]) == "func.training"
    and parameters[1] == "graph_training_state"
)
assert ast.unparse(branch.test) == "func.training == graph_training_state"
assert ast.unparse(branch.body[0].value.func) == "graphed"
assert (
    ast.unparse(branch.orelse[0].value.func) == "orig_fwd"
    and parameters[3] == "orig_fwd"
)

assert same
# --8<-- [end:check]
