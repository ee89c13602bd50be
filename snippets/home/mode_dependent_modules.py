"""mode_dependent_modules(model) names the catalogued layers in a model and the custom modules reading the flag."""

# --8<-- [start:show]
import ast
import inspect
import textwrap

import torch.nn as nn

CATALOGUE = tuple(getattr(nn, name) for name in """Dropout Dropout1d Dropout2d
    Dropout3d AlphaDropout FeatureAlphaDropout BatchNorm1d BatchNorm2d
    BatchNorm3d LazyBatchNorm1d LazyBatchNorm2d LazyBatchNorm3d SyncBatchNorm
    InstanceNorm1d InstanceNorm2d InstanceNorm3d LazyInstanceNorm1d RReLU
    LazyInstanceNorm2d LazyInstanceNorm3d RNN LSTM GRU MultiheadAttention
    TransformerEncoderLayer TransformerEncoder TransformerDecoderLayer
    TransformerDecoder Transformer""".split())  # fmt: skip


def reads_training(cls):  # does code of cls, or of a base outside torch?
    own = [k for k in cls.__mro__[:-1] if not k.__module__.startswith("torch")]
    trees = [ast.parse(textwrap.dedent(inspect.getsource(k))) for k in own]
    nodes = [node for tree in trees for node in ast.walk(tree)]
    hits = [n.ctx for n in nodes if getattr(n, "attr", 0) == "training"]
    return any(isinstance(ctx, ast.Load) for ctx in hits)  # read, not set


def mode_dependent_modules(model):  # CATALOGUE: the Reference's layers
    return [name or "(model)" for name, m in model.named_modules()
            if isinstance(m, CATALOGUE) or reads_training(type(m))]  # fmt: skip


layer = nn.TransformerEncoderLayer(8, 2)
print("mode-dependent:", mode_dependent_modules(layer))
# --8<-- [end:show]

# --8<-- [start:check]
import re  # noqa: E402
from pathlib import Path  # noqa: E402

import torch  # noqa: E402

# CATALOGUE is the Reference's list: the torch.nn classes of the first
# column of its summary table, on rows where the mode changes something.
catalogue = set()
for line in Path("docs/reference.md").read_text().splitlines():
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) == 4 and cells[1] == "`torch.nn`":
        if not cells[2].startswith("Nothing"):
            for name in re.findall(r"`(\w+)`", cells[0]):
                if isinstance(getattr(nn, name, None), type):
                    catalogue.add(name)
assert "Dropout" in catalogue and "Transformer" in catalogue, catalogue
assert sorted(c.__name__ for c in CATALOGUE) == sorted(catalogue), sorted(
    {c.__name__ for c in CATALOGUE} ^ catalogue
)


class Noise(nn.Module):  # custom, reads self.training in forward
    def forward(self, x):
        return x + torch.randn_like(x) if self.training else x


class NoisyTwice(Noise):  # custom, inherits a forward that reads it
    def extra_repr(self):
        return "twice"


class Scale(nn.Module):  # custom, never reads it
    def forward(self, x):
        return 2 * x


class Block(nn.Module):  # custom container that does not read it
    def __init__(self):
        super().__init__()
        self.inner = nn.Sequential(nn.BatchNorm1d(8), Scale())
        self.training = True  # assigning the flag is not reading it

    def forward(self, x):
        return self.inner(x)


def local_class():
    class Local(nn.Module):  # defined in a function: indented source
        def forward(self, x):
            return nn.functional.dropout(x, 0.5, training=self.training)

    return Local()


torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(8, 8),  # 0
    nn.BatchNorm1d(8),  # 1
    nn.ReLU(),  # 2
    Noise(),  # 3
    nn.Dropout(0.3),  # 4
    Scale(),  # 5
    nn.LayerNorm(8),  # 6
    Block(),  # 7, with 7.inner.0 a BatchNorm1d
    NoisyTwice(),  # 8
    nn.RReLU(),  # 9
    local_class(),  # 10
    nn.Linear(8, 8),  # 11
)
found = mode_dependent_modules(model)
assert found == ["1", "3", "4", "7.inner.0", "8", "9", "10"], found

# The list is exactly the leaves whose output changes with the mode.
x = torch.randn(16, 8)
for name, module in model.named_modules():
    if next(module.children(), None) is not None:
        continue  # a container: its children are checked
    torch.manual_seed(1)
    eval_out = module.eval()(x)
    torch.manual_seed(1)
    train_out = module.train()(x)
    assert torch.equal(eval_out, train_out) == (name not in found), name

# It errs on the side of listing: Dropout(p=0) and a BatchNorm built without
# running statistics read the flag, and are listed, but compute the same.
for layer in (nn.Dropout(0.0), nn.BatchNorm1d(8, track_running_stats=False)):
    assert mode_dependent_modules(layer) == ["(model)"]
    assert torch.equal(layer.train()(x), layer.eval()(x))


# Only the class's own code is read: a read inside a function it calls is
# missed, though the module does change with the mode.
def noisy(module, x):
    return x + torch.randn_like(x) if module.training else x


class Indirect(nn.Module):
    def forward(self, x):
        return noisy(self, x)


assert mode_dependent_modules(Indirect()) == []
assert not torch.equal(Indirect().train()(x), Indirect().eval()(x))
# A class with no source file cannot be read: the function raises.
Built = type("Built", (nn.Module,), {"forward": lambda self, x: x})
try:
    mode_dependent_modules(Built())
except (OSError, TypeError):
    pass
else:
    raise AssertionError("a class without source was read")
# --8<-- [end:check]
