"""A lazy module first run in inference_mode() gets inference-tensor weights: training fails or learns nothing."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # the note that lazy modules are new
torch.manual_seed(0)
x, y = torch.randn(8, 3), torch.randn(8, 1)


def train_after_validation(model, validation_context):
    with validation_context():  # e.g. a sanity check before step one
        model.eval()(x)
    weight = next(model.parameters())
    print(f"  weight.is_inference() {weight.is_inference()}", end=", ")
    try:
        nn.functional.mse_loss(model.train()(x), y).backward()
    except RuntimeError as error:
        return f"RuntimeError: {str(error).split(' for ')[0]}"
    return f"training step: weight.grad is set: {weight.grad is not None}"


results = {}
for context in (torch.inference_mode, torch.no_grad):
    print(f"first forward under {context.__name__}():")
    deep = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.LazyLinear(1))
    for model in (nn.LazyLinear(1), deep):
        results[context, type(model)] = train_after_validation(model, context)
        print(results[context, type(model)])
# --8<-- [end:show]

# Every lazy class in torch.nn, first run under inference_mode(): every
# parameter and buffer it creates then is an inference tensor. Running one
# forward (or one training step) outside inference mode first avoids it.
# What training does next depends on the layer: a third failure (a
# LazyInstanceNorm1d with running stats, which also has a weight and a bias,
# as the lazy InstanceNorms do by default, refuses the in-place update of its
# buffers), and a LazyBatchNorm1d(affine=False) that trains.
# A tensor a module stores in forward under inference_mode(), as a buffer
# assigned anew or as a plain attribute (a cached table), is an inference
# tensor too; the cached table breaks the next training step, which saves it.
# --8<-- [start:check]
lazy = [getattr(nn, n) for n in dir(nn) if n.startswith("Lazy")]
shapes = {"1d": (2, 3, 4), "2d": (2, 3, 4, 4), "3d": (2, 3, 2, 2, 2)}
for cls in lazy:
    shape = shapes.get(cls.__name__[-2:], (2, 3))
    for first_outside in (False, True):
        args = {"Norm": (), "Conv": (3, 1)}  # out features, kernel size
        module = cls(
            *next((v for k, v in args.items() if k in str(cls)), (3,))
        )
        state = module.state_dict(keep_vars=True).items()
        lazy_names = [k for k, v in state if nn.parameter.is_lazy(v)]
        if first_outside:
            with torch.no_grad():
                module(torch.randn(shape))
        with torch.inference_mode():
            module(torch.randn(shape))
        tensors = [module.state_dict()[k] for k in lazy_names]
        assert tensors and all(
            t.is_inference() != first_outside for t in tensors
        ), cls
assert len(lazy) == 13, [c.__name__ for c in lazy]
silent = "weight.grad is set: False"
fails = "RuntimeError: Inference tensors cannot be saved"
# A LazyLinear becomes a Linear on its first run:
assert results[torch.inference_mode, nn.Linear].endswith(silent)
assert results[torch.inference_mode, nn.Sequential] == fails
assert all(
    r.endswith("weight.grad is set: True")
    for (context, _), r in results.items()
    if context is torch.no_grad
)


class Running(nn.Module):  # assigns a buffer anew in forward
    def __init__(self):
        super().__init__()
        self.register_buffer("mean", torch.zeros(3))

    def forward(self, x):
        self.mean = x.mean(0)
        return x - self.mean


class Cached(nn.Module):  # caches a table in a plain attribute
    def __init__(self):
        super().__init__()
        self.linear, self.table = nn.Linear(3, 3), None

    def forward(self, x):
        if self.table is None or len(self.table) < len(x):
            self.table = torch.linspace(0.5, 1.5, len(x))[:, None]
        return self.linear(x) * self.table[: len(x)]


def first_train_step(module, shape):
    """Validate under inference_mode(), then one train-mode step."""
    with torch.inference_mode():
        module.eval()(torch.randn(shape))
    try:
        out = module.train()(torch.randn(shape))
        if out.requires_grad:  # something before it trains
            out.sum().backward()
    except RuntimeError as error:
        return str(error).split(".")[0]
    return "trained"


running = Running()
with torch.inference_mode():
    running(torch.randn(2, 3))
assert running.mean.is_inference()
cached = Cached()
cached.train()(torch.randn(2, 3)).sum().backward()  # trained before
assert [*cached.buffers()] == []  # a plain attribute, not a buffer
assert first_train_step(cached, (5, 3)) == (
    "Inference tensors cannot be saved for backward"
)
assert cached.table.is_inference()
lazy_inorm = nn.LazyInstanceNorm1d(track_running_stats=True)
assert lazy_inorm.affine  # the lazy default, unlike InstanceNorm1d's
assert first_train_step(lazy_inorm, (8, 3, 4)) == (
    "Inplace update to inference tensor outside InferenceMode is not allowed"
)
assert [n for n, _ in lazy_inorm.named_parameters()] == ["weight", "bias"]
plain_bn = nn.LazyBatchNorm1d(affine=False)  # first layer: no weight
assert first_train_step(plain_bn, (8, 3)) == "trained"
assert plain_bn.num_batches_tracked.item() == 1  # its statistics moved
after_linear = nn.Sequential(nn.Linear(3, 3), nn.LazyBatchNorm1d(affine=False))
assert first_train_step(after_linear, (8, 3)) == (
    "Inference tensors cannot be saved for backward"
)
# --8<-- [end:check]
