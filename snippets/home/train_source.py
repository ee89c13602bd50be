"""The installed torch's Module.train() only checks mode, sets training recursively and returns self."""

# --8<-- [start:show]
import ast
import inspect
import textwrap

import torch
import torch.nn as nn

train_source = textwrap.dedent(inspect.getsource(nn.Module.train))
eval_source = textwrap.dedent(inspect.getsource(nn.Module.eval))


def code_only(source):
    """The source without its docstring: the lines that actually run."""
    docstring = ast.parse(source).body[0].body[0]
    lines = source.splitlines(keepends=True)
    return "".join(
        lines[: docstring.lineno - 1] + lines[docstring.end_lineno :]
    )


print(
    f"# torch {torch.__version__}: nn.Module.train and nn.Module.eval, docstrings removed"
)
print(code_only(train_source))
print(code_only(eval_source), end="")

# The whole body of train(): four statements, a type check, one assignment, a loop over children, return.
docstring, *body = ast.parse(train_source).body[0].body
print(
    "\n# statements in train(), docstring aside:",
    len(body),
    [type(statement).__name__ for statement in body],
)
# Nothing in it touches gradients, the loss or the parameters.
for word in ("requires_grad", "grad_enabled", "loss", "parameters", "step"):
    assert word not in code_only(train_source), word
# --8<-- [end:show]

# --8<-- [start:check]
assert isinstance(docstring, ast.Expr) and isinstance(
    docstring.value, ast.Constant
)
assert [type(statement) for statement in body] == [
    ast.If,
    ast.Assign,
    ast.For,
    ast.Return,
]
assert "self.training = mode" in train_source
assert "module.train(mode)" in train_source
assert "return self" in train_source
assert "return self.train(False)" in eval_source
# --8<-- [end:check]
