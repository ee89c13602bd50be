"""A converted Conv-BatchNorm-ReLU-Dropout model gives the same output in both modes, converted from either."""

# --8<-- [start:show]
import textwrap
import warnings

import torch
import torch.ao.quantization as tq
import torch.nn as nn

torch.backends.quantized.engine = "x86"
torch.manual_seed(0)
layers = [nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.Dropout(0.5)]
model = nn.Sequential(tq.QuantStub(), *layers, tq.DeQuantStub())
model.qconfig = tq.get_default_qat_qconfig("x86")
x = torch.randn(4, 1, 6, 6)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    qat = tq.prepare_qat(tq.fuse_modules_qat(model, [["1", "2", "3"]]))
    for _ in range(3):
        qat(x)  # a few QAT steps: observers and BatchNorm statistics
    from_train = tq.convert(qat.train())
    from_eval = tq.convert(qat.eval())
for said in sorted({" ".join(str(w.message).split()) for w in caught}):
    print("warned:", textwrap.shorten(said.split(". ")[0], 70))
print("converted:", *[m._get_name() for m in from_eval][1:5])
out = from_eval(x)
print("eval == train output:", torch.equal(out, from_eval.train()(x)))
print("converted from train == from eval:", torch.equal(out, from_train(x)))
# --8<-- [end:show]

# convert reads no training flag (torch/ao/quantization/quantize.py); it folds
# the fused BatchNorm's running statistics into the quantized conv; a quantized
# Dropout returns its input (torch/ao/nn/quantized/modules/dropout.py). The
# check runs both converted models in both modes and both grad modes.
# --8<-- [start:check]
for grad_on in (True, False):
    with torch.set_grad_enabled(grad_on):
        for converted in (from_train, from_eval):
            for mode in (True, False):
                assert torch.equal(converted.train(mode)(x), out)
assert isinstance(from_eval[4], torch.ao.nn.quantized.Dropout)
# --8<-- [end:check]
