"""In eval mode QAT observers keep observing and fake-quant keeps rounding; only their own switches stop them."""

# --8<-- [start:show]
import warnings

import torch
import torch.ao.quantization as tq
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(tq.QuantStub(), nn.Linear(4, 4), tq.DeQuantStub())
model.qconfig = tq.get_default_qat_qconfig("x86")
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    qat = tq.prepare_qat(model.train())
said = sorted({str(w.message).split("\n")[0][:70].strip() for w in caught})
print("warnings:", *said, sep="\n  ")
fq = qat[0].activation_post_process  # the input's FakeQuantize
x = torch.randn(8, 4)
qat(x)
qat.eval()
print("scale after one batch:       ", round(fq.scale.item(), 4))
qat(x * 10)
print("eval mode, batch x10:        ", round(fq.scale.item(), 4))
qat.apply(tq.disable_observer)
qat(x * 100)
print("after disable_observer, x100:", round(fq.scale.item(), 4))
steps = fq(x) / fq.scale  # on the quantization grid: whole numbers
print("eval mode, fake-quant rounds:", torch.allclose(steps, steps.round()))
qat.apply(tq.disable_fake_quant)
print("after disable_fake_quant:    ", bool(torch.equal(fq(x), x)))
# --8<-- [end:show]

# FakeQuantize.forward tests its observer_enabled and fake_quant_enabled
# buffers, not self.training (torch/ao/quantization/fake_quantize.py);
# FusedMovingAvgObsFakeQuantize passes the same buffers to its fused op; no
# observer in torch/ao/quantization/observer.py reads self.training. eval()
# switches neither buffer. The check runs each kind in eval mode.
# --8<-- [start:check]
import inspect  # noqa: E402

import torch.ao.quantization.fake_quantize as fake_quantize  # noqa: E402
import torch.ao.quantization.observer as observer  # noqa: E402

for source in (fake_quantize, observer):
    assert "self.training" not in inspect.getsource(source)
kinds = [
    tq.FakeQuantize.with_args(observer=tq.MovingAverageMinMaxObserver),
    tq.FusedMovingAvgObsFakeQuantize.with_args(),
    tq.MinMaxObserver.with_args(),
    tq.MovingAverageMinMaxObserver.with_args(),
    tq.PerChannelMinMaxObserver.with_args(),
    tq.MovingAveragePerChannelMinMaxObserver.with_args(),
    tq.HistogramObserver.with_args(),
]
for grad_on in (True, False):
    for kind in kinds:
        with warnings.catch_warnings(record=True):
            warnings.simplefilter("always")
            module = kind().eval()
        with torch.set_grad_enabled(grad_on):
            module(x)
            first = module.calculate_qparams()[0].clone()
            module(x * 10)
            assert not torch.equal(module.calculate_qparams()[0], first), kind
        if hasattr(module, "observer_enabled"):
            module.apply(tq.disable_observer)
            with torch.set_grad_enabled(grad_on):
                second = module.calculate_qparams()[0].clone()
                module(x * 100)
            assert torch.equal(module.calculate_qparams()[0], second)
assert fq.fake_quant_enabled.item() == 0 and fq.observer_enabled.item() == 0
assert isinstance(fq, tq.FusedMovingAvgObsFakeQuantize)  # the qconfig default
qat.apply(tq.enable_observer)
qat.apply(tq.enable_fake_quant)
scale = fq.scale.clone()
qat(x * 100)  # still in eval mode: observing again
assert not torch.equal(fq.scale, scale) and not torch.equal(fq(x), x)
# --8<-- [end:check]
