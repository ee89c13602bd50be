"""Whether autograd records an op depends on grad mode, its inputs and the op, the same in train and eval mode."""

# --8<-- [start:show]
from concurrent.futures import ThreadPoolExecutor

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 3), nn.Dropout(0.5))
x = torch.randn(2, 3)
other_thread = ThreadPoolExecutor(1)  # a thread of its own grad mode (on)


def tracked():
    return model(x).requires_grad


for mode in (True, False):
    model.train(mode)
    with torch.no_grad():
        off, there = tracked(), other_thread.submit(tracked).result()
        with torch.enable_grad():
            back_on = tracked()
    with torch.inference_mode(), torch.enable_grad():
        in_inference = tracked()  # grad mode on again, yet nothing recorded
    argmax = model(x).argmax(1)
    print(f"training={mode}: output requires_grad, grad mode on:", tracked())
    print("  its argmax (not differentiable):", argmax.requires_grad)
    print("  in no_grad():", off, "| in enable_grad() inside it:", back_on)
    print("  in another thread during no_grad():", there)
    print("  in enable_grad() inside inference_mode():", in_inference)
# --8<-- [end:show]

# The [check] runs every catalogued layer through the same conditions.
# Sweep: every catalogued torch.nn layer
# --8<-- [start:check]
import ast  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402


def encoder_layer():
    return nn.TransformerEncoderLayer(6, 2, 8, 0.1, batch_first=True)


def decoder_layer():
    return nn.TransformerDecoderLayer(6, 2, 8, 0.1, batch_first=True)


def seq(n=2):
    return torch.randn(2, 5, 6)


# layer -> (the layer, its inputs); SyncBatchNorm runs as BatchNorm on CPU
# with no process group, which is what is checked here.
C = 3
LAYERS = {
    "Dropout": (nn.Dropout(), [torch.randn(4, 6)]),
    "Dropout1d": (nn.Dropout1d(), [torch.randn(2, C, 5)]),
    "Dropout2d": (nn.Dropout2d(), [torch.randn(2, C, 4, 4)]),
    "Dropout3d": (nn.Dropout3d(), [torch.randn(2, C, 2, 2, 2)]),
    "AlphaDropout": (nn.AlphaDropout(), [torch.randn(4, 6)]),
    "FeatureAlphaDropout": (
        nn.FeatureAlphaDropout(),
        [torch.randn(2, C, 4, 4)],
    ),
    "BatchNorm1d": (nn.BatchNorm1d(C), [torch.randn(4, C)]),
    "BatchNorm2d": (nn.BatchNorm2d(C), [torch.randn(2, C, 4, 4)]),
    "BatchNorm3d": (nn.BatchNorm3d(C), [torch.randn(2, C, 2, 2, 2)]),
    "LazyBatchNorm1d": (nn.LazyBatchNorm1d(), [torch.randn(4, C)]),
    "LazyBatchNorm2d": (nn.LazyBatchNorm2d(), [torch.randn(2, C, 4, 4)]),
    "LazyBatchNorm3d": (nn.LazyBatchNorm3d(), [torch.randn(2, C, 2, 2, 2)]),
    "SyncBatchNorm": (nn.SyncBatchNorm(C), [torch.randn(4, C)]),
    "InstanceNorm1d": (
        nn.InstanceNorm1d(C, affine=True, track_running_stats=True),
        [torch.randn(2, C, 5)],
    ),
    "InstanceNorm2d": (nn.InstanceNorm2d(C), [torch.randn(2, C, 4, 4)]),
    "InstanceNorm3d": (
        nn.InstanceNorm3d(C, track_running_stats=True),
        [torch.randn(2, C, 2, 2, 2)],
    ),
    "LazyInstanceNorm1d": (
        nn.LazyInstanceNorm1d(affine=True),
        [torch.randn(2, C, 5)],
    ),
    "LazyInstanceNorm2d": (
        nn.LazyInstanceNorm2d(track_running_stats=True),
        [torch.randn(2, C, 4, 4)],
    ),
    "LazyInstanceNorm3d": (
        nn.LazyInstanceNorm3d(),
        [torch.randn(2, C, 2, 2, 2)],
    ),
    "RReLU": (nn.RReLU(), [torch.randn(4, 6)]),
    "RNN": (nn.RNN(6, 4, num_layers=2, dropout=0.5), [torch.randn(5, 2, 6)]),
    "LSTM": (nn.LSTM(6, 4, num_layers=2, dropout=0.5), [torch.randn(5, 2, 6)]),
    "GRU": (nn.GRU(6, 4, num_layers=2, dropout=0.5), [torch.randn(5, 2, 6)]),
    "MultiheadAttention": (
        nn.MultiheadAttention(6, 2, dropout=0.1, batch_first=True),
        [seq(), seq(), seq()],
    ),
    "TransformerEncoderLayer": (encoder_layer(), [seq()]),
    "TransformerEncoder": (
        nn.TransformerEncoder(encoder_layer(), 2, enable_nested_tensor=False),
        [seq()],
    ),
    "TransformerDecoderLayer": (decoder_layer(), [seq(), seq()]),
    "TransformerDecoder": (
        nn.TransformerDecoder(decoder_layer(), 2),
        [seq(), seq()],
    ),
    "Transformer": (
        nn.Transformer(6, 2, 1, 1, 8, 0.1, batch_first=True),
        [seq(), seq()],
    ),
}


def first_tensor(out):
    return out if isinstance(out, torch.Tensor) else first_tensor(out[0])


def recorded(layer, inputs, grad_inputs):
    """requires_grad of the layer's output under each grad condition."""
    args = [t.detach().requires_grad_(grad_inputs) for t in inputs]

    def run():
        out = first_tensor(layer(*args))
        # Eval-mode dropout returns its input itself: no op, nothing to record.
        return "input itself" if out is args[0] else out.requires_grad

    result = {"grad on": run()}
    with torch.no_grad():
        result["no_grad"] = run()
        with torch.enable_grad():
            result["enable_grad in no_grad"] = run()
        result["other thread"] = other_thread.submit(run).result()
    with torch.inference_mode():
        result["inference_mode"] = run()
        with torch.enable_grad():
            # Grad mode is on again, but inference mode records nothing.
            assert torch.is_grad_enabled()
            result["enable_grad in inference_mode"] = run()
    with torch.set_grad_enabled(False):
        result["set_grad_enabled(False)"] = run()
    out = first_tensor(layer(*args))
    # Integer and bool results are never tracked.
    result["argmax"] = out.argmax().requires_grad or (out > 0).requires_grad
    return result


def expected(tracked):
    return {
        "grad on": tracked,
        "no_grad": False,
        "enable_grad in no_grad": tracked,
        "other thread": tracked,
        "inference_mode": False,
        "enable_grad in inference_mode": False,
        "set_grad_enabled(False)": False,
        "argmax": False,
    }


torch.manual_seed(0)
for name, (layer, inputs) in LAYERS.items():
    layer(*inputs)  # materialise lazy modules
    for training in (True, False):
        layer.train(training)
        # Inputs require grad: recorded, whatever the layer and its mode.
        got = recorded(layer, inputs, True)
        if "Dropout" in name and not training:
            assert set(got.values()) == {"input itself", False}, name
            continue
        assert got == expected(True), (name, training, got)
        # Nothing requires grad (parameters frozen): nothing is recorded.
        for p in layer.parameters():
            p.requires_grad_(False)
        assert recorded(layer, inputs, False) == expected(False), name
        for p in layer.parameters():
            p.requires_grad_(True)
        if any(True for _ in layer.parameters()):
            # Parameters alone require grad: recorded too.
            assert recorded(layer, inputs, False) == expected(True), name

# Eval-mode dropout returns its input itself for batched input (and for
# any input to Dropout, AlphaDropout, Dropout2d, FeatureAlphaDropout). For
# unbatched input to Dropout1d and Dropout3d it returns a new tensor, a view
# of the input (unsqueeze, then squeeze): its requires_grad follows the
# input's in every grad mode too, and with grad mode on the views are
# recorded like any other op.
INFERENCE = torch.inference_mode
UNBATCHED = {"Dropout1d": (C, 5), "Dropout2d": (C, 4, 4)}
UNBATCHED |= {"Dropout3d": (C, 2, 2, 2), "FeatureAlphaDropout": (C, 4, 4)}
for name, (layer, inputs) in LAYERS.items():
    if "Dropout" not in name:
        continue
    layer.eval()
    for shape in (inputs[0].shape, UNBATCHED.get(name, (5,))):
        view = name in ("Dropout1d", "Dropout3d") and shape != inputs[0].shape
        for needs_grad in (True, False):
            t = torch.randn(shape, requires_grad=needs_grad)
            for grad_mode in (torch.enable_grad, torch.no_grad, INFERENCE):
                with grad_mode(), warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # Dropout2d: 3-D input
                    out = layer(t)
                assert (out is t) == (not view), (name, shape)
                assert out.requires_grad == needs_grad, (name, shape)
                if view:
                    assert out._base is t, name
                    recorded_view = (
                        needs_grad and grad_mode is torch.enable_grad
                    )
                    assert (out.grad_fn is not None) == recorded_view, name

# A model whose modules are in mixed modes: the same answers.
mixed = nn.Sequential(
    nn.Linear(4, 4),
    nn.BatchNorm1d(4),
    nn.Dropout(),
    nn.RReLU(),
    nn.Linear(4, 4),
)
mixed.train()
mixed[1].eval()  # a frozen BatchNorm in a training model
assert recorded(mixed, [torch.randn(3, 4)], False) == expected(True)
mixed.eval()
mixed[2].train()  # Dropout on in an evaluating model
assert recorded(mixed, [torch.randn(3, 4)], False) == expected(True)

# The Python side of autograd never mentions the flag at all.
autograd = Path(torch.autograd.__file__).parent
for path in autograd.rglob("*.py"):
    for node in ast.walk(ast.parse(path.read_text())):
        assert getattr(node, "attr", None) != "training", path
        assert getattr(node, "id", None) != "training", path


# And the other way: no_grad() in another thread leaves this one's mode on.
def grad_mode_inside_no_grad():
    with torch.no_grad():
        return torch.is_grad_enabled()


assert other_thread.submit(grad_mode_inside_no_grad).result() is False
assert torch.is_grad_enabled() and model(x).requires_grad
# enable_grad() inside inference_mode(): grad mode on, inference tensors out.
with torch.inference_mode(), torch.enable_grad():
    out = model(x)
    assert torch.is_grad_enabled()
    assert out.is_inference() and not out.requires_grad
other_thread.shutdown()
# --8<-- [end:check]
