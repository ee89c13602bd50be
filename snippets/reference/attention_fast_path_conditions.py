"""Eval mode is one of many conditions in the fast-path checks of MultiheadAttention and TransformerEncoderLayer."""

# --8<-- [start:show]
import ast
import inspect
import textwrap

import torch.nn as nn


def reasons_not_fast(function):
    """The messages forward records when it skips the fast path, in source order, read from the installed torch."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(
            node.targets[0], "id", ""
        ).startswith("why_not"):
            value = node.value
            if isinstance(value, ast.Constant) and value.value:
                found.append((node.lineno, value.value))
            elif isinstance(value, ast.JoinedStr):
                parts = [
                    p.value if isinstance(p, ast.Constant) else "{...}"
                    for p in value.values
                ]
                found.append((node.lineno, "".join(parts)))
    return [" ".join(text.split()) for _, text in sorted(found)]


for cls in (nn.MultiheadAttention, nn.TransformerEncoderLayer):
    reasons = reasons_not_fast(cls.forward)
    print(f"{cls.__name__}.forward skips the fast path when:")
    for reason in reasons:
        print("  -", reason)
    assert "training is enabled" in reasons
    assert any(reason.startswith("grad is enabled") for reason in reasons)
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
