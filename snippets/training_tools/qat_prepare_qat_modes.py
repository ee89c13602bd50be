"""prepare_qat tests the root's flag only; each layer's own flag decides how it is prepared and its mode after."""

# --8<-- [start:show]
import warnings

import torch.ao.quantization as tq
import torch.nn as nn

warnings.simplefilter("ignore")  # torch.ao.quantization's deprecation notes
MODE = ("eval", "train")


def model(layers_mode=True):  # the root in train mode, its layers in either
    m = nn.Sequential(nn.Linear(2, 2), nn.Sigmoid(), nn.LSTM(2, 2))
    for layer in m:
        layer.train(layers_mode)
    m.qconfig = tq.get_default_qat_qconfig("x86")
    return m


try:
    tq.prepare_qat(model().eval())
except AssertionError as error:
    print("root in eval: AssertionError:", error)
for mode in (True, False):
    for layer in tq.prepare_qat(model(mode)):
        names = [n for n, _ in layer.named_modules()]
        weights = sum(n.endswith("weight_fake_quant") for n in names)
        out = getattr(layer, "activation_post_process", None)
        fixed = isinstance(out, tq.FixedQParamsFakeQuantize)
        after = MODE[layer.training]
        label = f"{MODE[mode]:5} {type(layer).__name__:7} -> {after:5}:"
        print(label, f"weight fake-quants {weights}, fixed-qparams {fixed}")
# --8<-- [end:show]

# prepare_qat (torch/ao/quantization/quantize.py) tests model.training, the
# root's flag only. It then swaps each module that has a QAT version for a new
# one built by from_float, in train mode. The rest is prepared by each
# module's own flag: _has_special_act_post_process (quantization_mappings.py)
# gives a fixed-qparams fake-quant only to a Hardsigmoid, Sigmoid, Softmax or
# Tanh in train mode, and the quantizable LSTM's from_float
# (ao/nn/quantizable/modules/rnn.py) runs prepare_qat for an LSTM in train
# mode, prepare (observers, no weight fake-quant) for one in eval.
# --8<-- [start:check]
import pytest  # noqa: E402
import torch  # noqa: E402
import torch.ao.nn.qat as nnqat  # noqa: E402
import torch.ao.nn.quantizable as nnqa  # noqa: E402

for child_modes in (
    [True, True],
    [False, True],
    [True, False],
    [False, False],
):
    m = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2)).eval()
    m.qconfig = tq.get_default_qat_qconfig("x86")
    for child, mode in zip(m, child_modes):
        child.train(mode)
    with pytest.raises(AssertionError, match="only works on models in train"):
        tq.prepare_qat(m)
    m.training = True  # the root alone in train mode is enough
    swapped = tq.prepare_qat(m)
    assert all(isinstance(c, nnqat.Linear) and c.training for c in swapped)
    assert [c.training for c in m] == child_modes  # a copy was prepared


def prepared(layer, mode):
    """The layer as prepare_qat returns it, from a train-mode root."""
    root = nn.Sequential(layer.train(mode))
    root.qconfig = tq.get_default_qat_qconfig("x86")
    return tq.prepare_qat(root)[0]


def weight_fake_quants(layer):
    names = [n for n, _ in layer.named_modules()]
    return sum(n.endswith("weight_fake_quant") for n in names)


for mode in (True, False):
    # swapped for a new QAT module: in train mode whatever the old one's mode
    for layer, qat in (
        (nn.Linear(2, 2), nnqat.Linear),
        (nn.Conv2d(1, 1, 1), nnqat.Conv2d),
    ):
        new = prepared(layer, mode)
        assert (
            type(new) is qat and new.training and weight_fake_quants(new) == 1
        )
    # fixed-qparams output fake-quant only in train mode; the mode is kept
    for cls in (nn.Hardsigmoid, nn.Sigmoid, nn.Softmax, nn.Tanh):
        new = prepared(cls(), mode)
        out = getattr(new, "activation_post_process", None)
        assert isinstance(out, tq.FixedQParamsFakeQuantize) is mode, cls
        assert new.training is mode
    # LSTM: QAT (weight fake-quants) in train mode, PTQ observers in eval
    new = prepared(nn.LSTM(2, 2), mode)
    assert isinstance(new, nnqa.LSTM) and new.training is mode
    assert (weight_fake_quants(new) > 0) is mode
    # its layers keep the LSTM's mode; the observers prepare adds are new
    added = (tq.ObserverBase, tq.FakeQuantizeBase)
    assert any(isinstance(m, tq.ObserverBase) for m in new.modules())
    layers = [m for m in new.modules() if not isinstance(m, added)]
    assert all(m.training is mode for m in layers)
    x = torch.randn(3, 1, 2)
    new(x)  # runs in either mode
# --8<-- [end:check]
