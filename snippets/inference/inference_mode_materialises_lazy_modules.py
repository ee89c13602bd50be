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
# parameter and buffer it creates then is an inference tensor. Running one forward (or one
# training step) outside inference mode first avoids it. A buffer a module
# assigns anew (not in place) under inference_mode() is an inference tensor.
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


running = Running()
with torch.inference_mode():
    running(torch.randn(2, 3))
assert running.mean.is_inference()
# --8<-- [end:check]
