"""Legacy torch.onnx.export (dynamo=False), by default, traces all in eval, then sets all to the root's old mode."""

# --8<-- [start:show]
import io
import warnings

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3), nn.Dropout(0.5))
model.eval()
model[2].train()  # Monte Carlo dropout: eval model, Dropout on
seen = {}
for module in model:
    module.register_forward_pre_hook(
        lambda module, args: seen.update(
            {type(module).__name__: module.training}
        )
    )
print("before export:", {type(m).__name__: m.training for m in model})
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # the legacy exporter is deprecated
    try:
        torch.onnx.export(
            model, (torch.randn(4, 3),), io.BytesIO(), dynamo=False
        )
    except torch.onnx.OnnxExporterError:
        pass  # without the onnx package, it stops when writing the file
print("while traced:", seen)
print("after export: ", {type(m).__name__: m.training for m in model})
legacy = [w for w in caught if "legacy" in str(w.message)]
print("torch.onnx warned that the legacy exporter is in use:", bool(legacy))
# --8<-- [end:show]

# The default training=TrainingMode.EVAL calls model.train(False) before
# tracing and model.train(originally_training) after it: one flag, the root's,
# for every module (onnx/_internal/torchscript_exporter/utils.py,
# select_model_mode_for_export). A train-mode model with a frozen BatchNorm
# comes back with the BatchNorm in train mode. TrainingMode.PRESERVE traces
# and leaves each module's mode as it is; TrainingMode.TRAINING traces every
# module in train mode, then sets all to the root's old mode too.
# --8<-- [start:check]
assert legacy
assert seen == {"Linear": False, "BatchNorm1d": False, "Dropout": False}
assert [m.training for m in model] == [False, False, False]


def export_modes(training=None, frozen_bn=True):
    if frozen_bn:  # a frozen BatchNorm in a train-mode model
        model.train()
        model[1].eval()
    else:  # Monte Carlo dropout: an eval model, its Dropout on
        model.eval()
        model[2].train()
    seen.clear()
    extra = {} if training is None else {"training": training}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            torch.onnx.export(
                model,
                (torch.randn(4, 3),),
                io.BytesIO(),
                dynamo=False,
                **extra,
            )
        except torch.onnx.OnnxExporterError:
            pass
    return list(seen.values()), [m.training for m in model]


assert export_modes() == ([False] * 3, [True] * 3)
modes = torch.onnx.TrainingMode
assert export_modes(modes.EVAL, False) == ([False] * 3, [False] * 3)
# TRAINING traces every module in train, then sets all to the root's old mode
assert export_modes(modes.TRAINING) == ([True] * 3, [True] * 3)
assert export_modes(modes.TRAINING, False) == ([True] * 3, [False] * 3)
# PRESERVE traces each module in its own mode and switches none
for frozen_bn, each in (
    (True, [True, False, True]),
    (False, [False] * 2 + [True]),
):
    assert export_modes(modes.PRESERVE, frozen_bn) == (each, each)
# --8<-- [end:check]
