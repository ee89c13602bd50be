"""The installed torch's Module.train() only checks mode, sets training recursively and returns self."""

# --8<-- [start:show]
import ast
import inspect
import textwrap

import torch.nn as nn


def code_only(function):
    """The function's source without its docstring: the lines that run."""
    source = textwrap.dedent(inspect.getsource(function))
    docstring = ast.parse(source).body[0].body[0]
    lines = source.splitlines(keepends=True)
    kept = lines[: docstring.lineno - 1] + lines[docstring.end_lineno :]
    return "".join(kept)


train_code, eval_code = code_only(nn.Module.train), code_only(nn.Module.eval)
print("# the installed nn.Module.train and nn.Module.eval, docstrings removed")
print(train_code)
print(eval_code, end="")

# The body of train(), docstring aside: the statements that run.
tree = ast.parse(train_code).body[0]
kinds = [type(statement).__name__ for statement in tree.body]
print("\n# statements in train():", len(kinds), kinds)
# --8<-- [end:show]

# --8<-- [start:check]
from pathlib import Path  # noqa: E402

import torch  # noqa: E402

assert kinds == ["If", "Assign", "For", "Return"]
assert "self.training = mode" in train_code
assert "for module in self.children():" in train_code
assert "module.train(mode)" in train_code
assert train_code.rstrip().endswith("return self")
assert eval_code.strip().endswith("return self.train(False)")
# Nothing in it touches gradients, the loss, parameters or buffers.
for word in ("grad", "loss", "parameter", "buffer", "step", "data"):
    assert word not in train_code, word
# Every output line fits the page.
assert all(len(line) <= 80 for line in (train_code + eval_code).splitlines())
# No class defined under torch/nn/ overrides train() with more than a call
# to super(): the four statements above are what train() does on each of
# its layers.
overrides = []
for path in Path(torch.nn.__file__).parent.rglob("*.py"):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "train":
                    overrides.append((node.name, ast.unparse(item)))
names = sorted(name for name, _ in overrides)
assert names == ["DistributedDataParallel", "Module"], names
ddp = dict(overrides)["DistributedDataParallel"]
assert "super().train(mode)" in ddp and ddp.count("\n") == 2, ddp
# But torch.nn also re-exports classes defined elsewhere, and one of them
# adds to train(): QAT's ConvBn2d, defined in torch.ao, whose train() does
# not pass the mode on to its BatchNorm when built with freeze_bn=True.
import torch.nn.intrinsic.qat as nniqat  # noqa: E402

conv_bn = nniqat.ConvBn2d.__mro__[1]  # _ConvBnNd
assert not conv_bn.__module__.startswith("torch.nn"), conv_bn.__module__
assert "if not self.freeze_bn:" in inspect.getsource(conv_bn.train)
# --8<-- [end:check]
