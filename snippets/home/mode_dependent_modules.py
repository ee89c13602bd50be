"""mode_dependent_modules(model) names the catalogued layers in a model and the custom modules reading the flag."""

# --8<-- [start:show]
import ast
import inspect
import textwrap

import torch
from torch.nn.modules.batchnorm import _NormBase  # BatchNorm*, InstanceNorm*
from torch.nn.utils.parametrizations import _SpectralNorm
from torch.nn.utils.spectral_norm import SpectralNorm as SNHook  # a hook

CATALOGUE = tuple(getattr(torch.nn, name) for name in """Dropout Dropout1d
    Dropout2d Dropout3d AlphaDropout FeatureAlphaDropout RReLU RNN GRU LSTM
    MultiheadAttention TransformerEncoderLayer TransformerEncoder
    TransformerDecoderLayer TransformerDecoder Transformer""".split()) + (
    _NormBase, _SpectralNorm)  # fmt: skip


def reads_training(cls):  # does code of cls, or of a base outside torch?
    own = [k for k in cls.mro()[:-1] if k.__module__.split(".")[0] != "torch"]
    code = [f for k in own for f in vars(k).values() if inspect.isfunction(f)]
    trees = [ast.parse(textwrap.dedent(inspect.getsource(f))) for f in code]
    return any("attr='training', ctx=Load()" in ast.dump(t) for t in trees)


def mode_dependent_modules(model):  # CATALOGUE: the Reference's layers
    return [name or "(model)" for name, m in model.named_modules()
            if isinstance(m, CATALOGUE) or reads_training(type(m))
            or SNHook in map(type, m._forward_pre_hooks.values())]  # fmt: skip


print("found:", mode_dependent_modules(torch.nn.TransformerEncoderLayer(8, 2)))
# --8<-- [end:show]

# --8<-- [start:check]
import copy  # noqa: E402
import dataclasses  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import torch.nn as nn  # noqa: E402
from torch.nn.utils import parametrizations  # noqa: E402

warnings.simplefilter("ignore")  # spectral_norm's and jit's deprecations

# CATALOGUE is the Reference's list: the torch.nn classes of the first
# column of its summary table, on rows where the mode changes something,
# and the spectral_norm parametrization (a row of torch.nn.utils).
catalogue = set()
for line in Path("docs/reference.md").read_text().splitlines():
    cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
    if len(cells) == 4 and cells[1] == "`torch.nn`":
        if not cells[2].startswith("Nothing"):
            for name in re.findall(r"`(\w+)`", cells[0]):
                if isinstance(getattr(nn, name, None), type):
                    catalogue.add(name)
assert "Dropout" in catalogue and "Transformer" in catalogue, catalogue
classes = {n: c for n, c in vars(nn).items() if isinstance(c, type)}
covered = {n for n, c in classes.items() if issubclass(c, CATALOGUE[:-1])}
assert covered == catalogue, sorted(covered ^ catalogue)
assert CATALOGUE[-1] is _SpectralNorm
# A class of your own built on one of torch's private bases of a catalogued
# layer is covered too, when that base has code reading the flag (here
# _BatchNorm and _InstanceNorm): every such base is a subclass of CATALOGUE.
reader_bases = set()
for name in catalogue:
    for base in classes[name].mro()[1:]:
        if base.__module__.startswith("torch.") and base is not nn.Module:
            source = textwrap.dedent(inspect.getsource(base))
            if "attr='training', ctx=Load()" in ast.dump(ast.parse(source)):
                reader_bases.add(base)
assert {b.__name__ for b in reader_bases} >= {"_BatchNorm", "_InstanceNorm"}
assert all(issubclass(base, CATALOGUE) for base in reader_bases)


class MyBN(nn.modules.batchnorm._BatchNorm):  # torch's forward, a custom class
    def _check_input_dim(self, x):
        pass


assert mode_dependent_modules(MyBN(8)) == ["(model)"]
bn_input = torch.randn(16, 8) * 3 + 1
assert not torch.equal(MyBN(8).train()(bn_input), MyBN(8).eval()(bn_input))


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


class Library(nn.Module):  # a library's class, like torchvision's GoogLeNet
    def forward(self, x):
        return nn.functional.dropout(x, 0.2, training=self.training)


# Libraries whose package name starts with "torch" are not torch: their
# classes are read too. (Each name is mapped to this file, as if installed.)
for package in ("torchvision.models.googlenet", "torchaudio", "torch_utils"):
    sys.modules[package] = sys.modules[Library.__module__]
    Library.__module__ = package
    assert mode_dependent_modules(Library()) == ["(model)"], package

torch.manual_seed(0)
# Singular values close together, so that each power iteration of the
# spectral_norm parametrization still moves u and v, and the output.
close = nn.Linear(8, 8)
with torch.no_grad():
    close.weight.copy_(torch.eye(8) + 0.01 * torch.randn(8, 8))
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
    parametrizations.spectral_norm(close),  # 12
    nn.utils.spectral_norm(nn.Linear(8, 8)),  # 13, the older hook version
    Library(),  # 14, from "torch_utils"
)
found = mode_dependent_modules(model)
expected = ["1", "3", "4", "7.inner.0", "8", "9", "10"]
expected += ["12.parametrizations.weight.0", "13", "14"]
assert found == expected, found

# The list is exactly the modules whose own flag changes the model's
# output: flip one module's flag alone, with the others all in train mode
# or all in eval mode (a model in mixed modes), and compare.
x = torch.randn(16, 8)


def output(base, flipped=None):
    trial = copy.deepcopy(model).train(base)
    if flipped is not None:
        trial.get_submodule(flipped).training = not base
    torch.manual_seed(1)
    return trial(x)


for base in (True, False):
    reference = output(base)
    changes = [
        name or "(model)"
        for name, _ in model.named_modules()
        if not torch.equal(output(base, name), reference)
    ]
    assert changes == found, (base, changes)

# It errs on the side of listing: Dropout(p=0) and a BatchNorm built without
# running statistics read the flag, and are listed, but compute the same.
for layer in (nn.Dropout(0.0), nn.BatchNorm1d(8, track_running_stats=False)):
    assert mode_dependent_modules(layer) == ["(model)"]
    assert torch.equal(layer.train()(x), layer.eval()(x))


# Only the class's own code is read: a read inside a function it calls, or
# in a hook other than spectral_norm's, is missed, though the module does
# change with the mode.
def noisy(module, x):
    return x + torch.randn_like(x) if module.training else x


class Indirect(nn.Module):
    def forward(self, x):
        return noisy(self, x)


assert mode_dependent_modules(Indirect()) == []
assert not torch.equal(Indirect().train()(x), Indirect().eval()(x))
hooked = nn.Identity()
hooked.register_forward_hook(lambda module, args, out: noisy(module, out))
assert mode_dependent_modules(hooked) == []
assert not torch.equal(hooked.train()(x), hooked.eval()(x))
# Scripted code is not read either: a ScriptModule is not recognised, even
# a scripted catalogued layer. Run the function before torch.jit.script.
scripted = torch.jit.script(nn.Sequential(nn.Linear(8, 8), nn.Dropout()))
assert mode_dependent_modules(scripted) == []
assert not torch.equal(scripted.train()(x), scripted.eval()(x))
inside = nn.Sequential(nn.Dropout(), torch.jit.script(nn.Dropout()))
assert mode_dependent_modules(inside) == ["0"]  # not the scripted "1"


# A parametrization of your own is a module: listed if its class reads it.
class NoisyWeight(nn.Module):
    def forward(self, weight):
        return (
            weight + 0.1 * torch.randn_like(weight)
            if self.training
            else weight
        )


noisy_linear = nn.Linear(8, 8)
parametrize = nn.utils.parametrize
parametrize.register_parametrization(noisy_linear, "weight", NoisyWeight())
found = mode_dependent_modules(noisy_linear)
assert found == ["parametrizations.weight.0"], found
torch.manual_seed(2)
noisy_train = noisy_linear.train()(x)
assert not torch.equal(noisy_train, noisy_linear.eval()(x))
# A class typed into a notebook cell: IPython keeps the cell's source in
# linecache under a file name of its own, and the class's module (__main__
# there) has no file, so inspect.getsource(cls) raises while the source of
# its functions is found. Here the same, built the way IPython does it.
import linecache  # noqa: E402

cell = """
class Cell(nn.Module):
    def forward(self, x):
        return nn.functional.dropout(x, 0.5, training=self.training)
"""
cell_file = "/tmp/ipykernel_0/cell.py"  # no such file on disk
linecache.cache[cell_file] = (
    len(cell),
    None,
    cell.splitlines(True),
    cell_file,
)
namespace = {"nn": nn, "__name__": "notebook"}  # a module with no file
exec(compile(cell, cell_file, "exec"), namespace)
Cell = namespace["Cell"]
try:
    inspect.getsource(Cell)
except (OSError, TypeError):
    pass
else:
    raise AssertionError("the cell's class was found by its module")
assert mode_dependent_modules(Cell()) == ["(model)"]
# Code compiled from a string with no source kept (exec, say, or a script
# piped to `python -`, or typed at Python 3.11's plain prompt: both compile
# as "<stdin>") cannot be read: the function raises.
for name in ("<string>", "<stdin>"):
    exec(compile(cell.replace("Cell", "Hidden"), name, "exec"), namespace)
    try:
        mode_dependent_modules(namespace["Hidden"]())
    except (OSError, TypeError):
        pass
    else:
        raise AssertionError(f"a class compiled from {name} was read")


# Only the class's functions are parsed: a read in a property, a static or
# a class method is missed, though the module changes with the mode; a method
# generated at run time, as a dataclass's __init__, has no source: it raises.
class ByProperty(nn.Module):
    @property
    def noisy(self):
        return self.training

    def forward(self, x):
        return x + torch.randn_like(x) if self.noisy else x


class ByStatic(nn.Module):
    @staticmethod
    def noisy(module, x):
        return x + torch.randn_like(x) if module.training else x

    def forward(self, x):
        return self.noisy(self, x)


class ByClassMethod(ByStatic):
    @classmethod
    def noisy(cls, module, x):
        return x + torch.randn_like(x) if module.training else x


class ByGetattr(nn.Module):
    def forward(self, x):
        flag = getattr(self, "training")  # noqa: B009 (the spelling tested)
        return x + torch.randn_like(x) if flag else x


def logged(method):  # a decorator without functools.wraps
    def wrapper(*args):
        return method(*args)

    return wrapper


class ByDecorated(nn.Module):
    @logged
    def forward(self, x):
        return x + torch.randn_like(x) if self.training else x


for missed in (ByProperty, ByStatic, ByClassMethod, ByGetattr, ByDecorated):
    assert mode_dependent_modules(missed()) == [], missed
    assert not torch.equal(missed().train()(x), missed().eval()(x)), missed


@dataclasses.dataclass(eq=False, repr=False)
class Configured(nn.Module):
    p: float = 0.5

    def __post_init__(self):
        super().__init__()

    def forward(self, x):
        return nn.functional.dropout(x, self.p, self.training)


try:
    mode_dependent_modules(Configured())
except OSError:
    pass
else:
    raise AssertionError("a generated __init__ was read")
# --8<-- [end:check]
