"""quantize calibrates a copy with every layer in eval; the model you pass keeps its modes unless inplace=True."""

# --8<-- [start:show]
import warnings

import torch
import torch.ao.quantization as tq
import torch.nn as nn

warnings.simplefilter("ignore")  # deprecation and observer notes, not modes
torch.manual_seed(0)
MODE = ("eval", "train")
batches = [torch.randn(4, 1, 3, 3) for _ in range(3)]


def modes(model):  # the mode of each layer
    return [MODE[layer.training] for layer in model]


def calibrate(prepared, batches):  # quantize's run_fn
    print("calibration sees: ", modes(prepared))
    for batch in batches:
        prepared(batch)


model = nn.Sequential(tq.QuantStub(), nn.Conv2d(1, 2, 1), nn.BatchNorm2d(2))
model.append(nn.Sigmoid()).append(nn.Dropout(0.5)).append(tq.DeQuantStub())
model[2].eval()  # a frozen BatchNorm in a train-mode model
model.qconfig = tq.get_default_qconfig("x86")
print("your model before:", modes(model))
quantized = tq.quantize(model, calibrate, [batches])  # inplace=False
print("your model after: ", modes(model))
print("returned model:   ", MODE[quantized.training])
# --8<-- [end:show]

# quantize (torch/ao/quantization/quantize.py) deep-copies the model unless
# inplace=True, calls model.eval() on what it will convert, then prepare,
# your run_fn, and convert. So calibration always runs in eval: BatchNorm
# uses and keeps its running statistics, Dropout passes everything, and no
# Sigmoid, Tanh, Hardsigmoid or Softmax gets fixed qparams. With inplace=True
# it is your model that gets eval() and is converted: each module it keeps
# (the root, the Sigmoid) ends in eval, a train-mode model's too. The
# observers prepare adds, and the quantized layers convert swaps in, are new
# modules, in train mode; the converted model computes the same in both
# modes (checked; see #qat-converted-model). prepare alone keeps the modes,
# so a train-mode model calibrates in train mode (checked below).
# --8<-- [start:check]
import copy  # noqa: E402

QUANTIZED = (tq.ObserverBase, tq.FakeQuantizeBase)


def build():  # the shown model; MinMax observers: quicker than Histogram
    m = nn.Sequential(tq.QuantStub(), nn.Conv2d(1, 2, 1), nn.BatchNorm2d(2))
    m.append(nn.Sigmoid()).append(nn.Dropout(0.5)).append(tq.DeQuantStub())
    m[2].eval()
    m.qconfig = tq.default_qconfig
    return m


def sweep(root, children, inplace, grad_mode):
    model = build()
    model.train(root)
    for layer, mode in zip(model, children):
        layer.train(mode)
    before = copy.deepcopy(model)
    originals = {id(m) for m in model.modules()}
    seen, fixed = [], []

    def run_fn(prepared, batches):
        seen.extend(
            m.training
            for m in prepared.modules()
            if not isinstance(m, QUANTIZED)
        )
        fixed.append(hasattr(prepared[3], "activation_post_process"))
        for batch in batches:
            prepared(batch)

    with grad_mode():
        quantized = tq.quantize(model, run_fn, [batches], inplace=inplace)
    assert (quantized is model) is inplace
    assert seen and not any(seen) and fixed == [False]  # calibrated in eval
    assert not quantized.training  # the root of what it returns
    if inplace:  # every module it kept is in eval; the rest are new
        assert all(
            not m.training for m in model.modules() if id(m) in originals
        )
        assert any(
            id(m) in originals for m in model.modules() if m is not model
        )
    else:  # your model: every flag, statistic and parameter as before
        assert [m.training for m in model.modules()] == [
            m.training for m in before.modules()
        ]
        for mine, kept in zip(
            model.state_dict().values(), before.state_dict().values()
        ):
            assert torch.equal(mine, kept)
    out = quantized(batches[0])  # the converted model ignores the mode
    assert torch.equal(quantized.train()(batches[0]), out)
    assert torch.equal(quantized.eval()(batches[0]), out)


grad_modes = (torch.enable_grad, torch.no_grad)
for root in (True, False):
    for children in (
        [True] * 6,
        [False] * 6,
        [True, False] * 3,
        [False, True] * 3,
    ):
        for inplace in (False, True):
            for grad_mode in grad_modes:
                sweep(root, children, inplace, grad_mode)

# prepare alone: a train-mode model calibrates in train mode, so its BatchNorm
# moves its running statistics, where quantize's eval-mode calibration does not
model = build()
model[2].train()
prepared = tq.prepare(model)
for batch in batches:
    prepared(batch)
assert not torch.equal(prepared[2].running_mean, torch.zeros(2))
assert hasattr(prepared[3], "activation_post_process")  # fixed qparams
model = build()
model[2].train()
evaluated = tq.prepare(copy.deepcopy(model).eval())
for batch in batches:
    evaluated(batch)
assert torch.equal(evaluated[2].running_mean, torch.zeros(2))
# --8<-- [end:check]
