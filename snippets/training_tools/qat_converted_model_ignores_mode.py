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
# check runs both converted models in both modes and both grad modes. It also
# runs the modules that do read the flag: the dynamic quantized LSTM and GRU
# pass self.training, with their dropout, to torch.quantized_lstm and
# torch.quantized_gru (torch/ao/nn/quantized/dynamic/modules/rnn.py; their
# __init__ sets self.training = False; quantize_dynamic calls eval() on its
# copy before convert swaps in new modules, so a new dynamic Linear, which
# reads no flag, is in train mode), and
# the quantizable MultiheadAttention calls F.dropout(...,
# training=self.training) (torch/ao/nn/quantizable/modules/activation.py).
# --8<-- [start:check]
for grad_on in (True, False):
    with torch.set_grad_enabled(grad_on):
        for converted in (from_train, from_eval):
            for mode in (True, False):
                assert torch.equal(converted.train(mode)(x), out)
assert isinstance(from_eval[4], torch.ao.nn.quantized.Dropout)
import torch.ao.nn.quantizable as nnqa  # noqa: E402
import torch.ao.nn.quantized.dynamic as nnqd  # noqa: E402

with warnings.catch_warnings():  # torch.ao.quantization's deprecation
    warnings.simplefilter("ignore")
    rnns = nn.ModuleList(
        [
            nn.LSTM(4, 8, num_layers=2, dropout=0.5),
            nn.GRU(4, 8, num_layers=2, dropout=0.5),
        ]
    )
    dynamic = tq.quantize_dynamic(rnns, {nn.LSTM, nn.GRU}, dtype=torch.qint8)
    # quantize_dynamic returns them in eval (their packed weights' holders,
    # which read no flag, are in train)
    assert not any(m.training for m in [dynamic, dynamic[0], dynamic[1]])
    assert nnqd.LSTM(4, 8).training is False  # its __init__ sets it
    # eval() runs before convert: the root and the LSTM are in eval, the new
    # dynamic Linear (built in train mode) is not
    mixed = nn.Sequential(nn.Linear(4, 4), nn.LSTM(4, 4)).train()
    mixed = tq.quantize_dynamic(mixed, {nn.Linear, nn.LSTM}, dtype=torch.qint8)
    assert isinstance(mixed[0], nnqd.Linear) and isinstance(
        mixed[1], nnqd.LSTM
    )
    assert [mixed.training, mixed[0].training, mixed[1].training] == [
        False,
        True,
        False,
    ]
    attention = nnqa.MultiheadAttention(8, 2, dropout=0.5)
seq, tokens = torch.randn(5, 3, 4), torch.randn(3, 2, 8)
runs = [
    (dynamic[0], lambda m: m(seq)[0]),
    (dynamic[1], lambda m: m(seq)[0]),
    (attention, lambda m: m(tokens, tokens, tokens)[0]),
]
assert isinstance(dynamic[0], nnqd.LSTM) and isinstance(dynamic[1], nnqd.GRU)
for grad_on in (True, False):
    with torch.set_grad_enabled(grad_on):
        for module, run in runs:
            module.train()  # dropout on: two calls differ
            assert not torch.equal(run(module), run(module))
            module.eval()  # dropout off
            assert torch.equal(run(module), run(module))
# --8<-- [end:check]
