"""select_model_mode_for_export sets all modules to one mode, then all to the root's old one; PRESERVE sets none."""

# --8<-- [start:show]
import torch.nn as nn
from torch.onnx import TrainingMode, select_model_mode_for_export


def modes(model):
    return [m.training for m in model]


model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3), nn.Dropout(0.5))
for mode in (TrainingMode.EVAL, TrainingMode.TRAINING, TrainingMode.PRESERVE):
    model.train()
    model[1].eval()  # a frozen BatchNorm in a train-mode model
    with select_model_mode_for_export(model, mode):  # marked deprecated
        inside = modes(model)
    after = modes(model)
    print(f"{mode.name:8} inside: {inside}  after: {after}")
# --8<-- [end:show]


# select_model_mode_for_export (torch/onnx/utils.py in 2.4.1 and 2.8.0,
# torch/onnx/_internal/torchscript_exporter/utils.py from 2.12) saves
# model.training, calls model.train(mode) unless PRESERVE, and on exit calls
# model.train(originally_training): the root's flag, for every module. The
# checks run a Monte Carlo dropout model too (an eval root, Dropout on), and
# check that the modes are restored when the block raises.
# --8<-- [start:check]
def run(mode, frozen_bn, fail=False):
    if frozen_bn:
        model.train()
        model[1].eval()
    else:
        model.eval()
        model[2].train()
    inside = None
    try:
        with select_model_mode_for_export(model, mode):
            inside = modes(model)
            if fail:
                raise KeyError("inside the block")
    except KeyError:
        pass
    return inside, modes(model)


for fail in (False, True):
    assert run(TrainingMode.EVAL, True, fail) == ([False] * 3, [True] * 3)
    assert run(TrainingMode.EVAL, False, fail) == ([False] * 3, [False] * 3)
    assert run(TrainingMode.TRAINING, True, fail) == ([True] * 3, [True] * 3)
    assert run(TrainingMode.TRAINING, False, fail) == ([True] * 3, [False] * 3)
    frozen, mc = [True, False, True], [False, False, True]
    assert run(TrainingMode.PRESERVE, True, fail) == (frozen, frozen)
    assert run(TrainingMode.PRESERVE, False, fail) == (mc, mc)

# Marked deprecated, yet it warns of nothing (its decorator has category=None).
import warnings  # noqa: E402

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    with select_model_mode_for_export(model, TrainingMode.EVAL):
        pass
assert caught == [], [str(w.message) for w in caught]
# --8<-- [end:check]
