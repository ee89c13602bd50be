"""In a model of plain layers, train(), forward and backward() change no parameter; optimizer.step() does."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
x, y = torch.randn(8, 4), torch.randn(8, 1)
before = [p.detach().clone() for p in model.parameters()]


def changed():
    pairs = zip(before, model.parameters())
    return sum(not torch.equal(b, p) for b, p in pairs)


counts = {}
model.train()
counts["model.train()"] = changed()
loss = nn.functional.mse_loss(model(x), y)
counts["a forward pass"] = changed()
loss.backward()
counts["loss.backward()"] = changed()
optimizer.step()
counts["optimizer.step()"] = changed()
for step, count in counts.items():
    print(f"parameter tensors changed by {step:<17} {count} of {len(before)}")
# --8<-- [end:show]

# --8<-- [start:check]
assert counts == {
    "model.train()": 0,
    "a forward pass": 0,
    "loss.backward()": 0,
    "optimizer.step()": 4,
}
# No optimizer reads the flag: in torch/optim the one read is update_bn's
# (swa_utils.py), a tool that switches the model's mode itself.
import ast  # noqa: E402
from pathlib import Path  # noqa: E402

readers = set()
for path in Path(torch.optim.__file__).parent.rglob("*.py"):
    for node in ast.walk(ast.parse(path.read_text())):
        if getattr(node, "attr", None) == "training":
            readers.add(path.name)
assert readers == {"swa_utils.py"}, readers
# --8<-- [end:check]
