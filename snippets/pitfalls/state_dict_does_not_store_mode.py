"""A state_dict does not store the mode, while a whole saved module keeps it."""

# --8<-- [start:show]
import io
import re

import torch
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 2), nn.Dropout()).eval()
model[0].train()  # mixed modes: Linear in train, the rest in eval
state = model.state_dict()
print("state_dict keys:", list(state))

restored = nn.Sequential(nn.Linear(2, 2), nn.Dropout())  # in train mode
restored.load_state_dict(state)
print("load_state_dict -> flags:", [m.training for m in restored.modules()])

buffer = io.BytesIO()
torch.save(model, buffer)  # pickles the whole module, flags included
buffer.seek(0)
try:
    torch.load(buffer)  # weights_only=True, the default since torch 2.6
except Exception as error:
    advice = re.sub(r"\x1b\[[0-9;]*m", "", str(error)).splitlines()[0]
    print("torch.load(whole module) ->", type(error).__name__)
    print("  ...", advice[advice.index("do those") :].strip())
buffer.seek(0)
whole = torch.load(buffer, weights_only=False)  # only for files you trust
print("weights_only=False -> flags:", [m.training for m in whole.modules()])
# --8<-- [end:show]

# --8<-- [start:check]
import warnings  # noqa: E402

from torch.ao.nn.intrinsic.qat import ConvBn2d  # noqa: E402

assert not any("train" in key for key in state)
assert [m.training for m in restored.modules()] == [True, True, True]
# Before torch 2.6 the default was weights_only=False: the load succeeds.
refused = torch.__version__ >= (2, 6)
assert ("advice" in globals()) == refused
assert not refused or "trust the source" in advice
assert [m.training for m in whole.modules()] == [False, True, False]

# A fresh model is in the mode its constructor left it. Every module class
# of torch.nn builds in train mode, and stays so after load_state_dict.
warnings.simplefilter("ignore")  # constructor notices (nested tensors)
special = {  # classes whose constructors need more than a few sizes
    "AdaptiveLogSoftmaxWithLoss": (4, 10, [2]),
    "RNNBase": ("LSTM", 4, 4),
    "RNNCellBase": (4, 4, True, 4),
    "TransformerEncoder": (nn.TransformerEncoderLayer(4, 2), 1),
    "TransformerDecoder": (nn.TransformerDecoderLayer(4, 2), 1),
    "Unflatten": (1, (2, 2)),
}
classes = [c for c in vars(nn).values() if isinstance(c, type)]
classes = [c for c in classes if issubclass(c, nn.Module)]
unbuilt = []
for cls in classes:
    for args in (special.get(cls.__name__, ()), (4,), (4, 4), (4, 4, 3)):
        try:
            fresh = cls(*args)
            break
        except Exception:
            continue
    else:
        unbuilt.append(cls.__name__)
        continue
    fresh.load_state_dict(fresh.state_dict())
    assert all(m.training for m in fresh.modules()), cls
assert not unbuilt and len(classes) > 150, unbuilt
# A constructor can set a flag: a QAT ConvBn2d built with freeze_bn=True
# builds its BatchNorm in eval mode, and loading a state_dict keeps it so.
qconfig = torch.ao.quantization.get_default_qat_qconfig()
qat = nn.Sequential(ConvBn2d(3, 3, 1, freeze_bn=True, qconfig=qconfig))
qat.load_state_dict(qat.state_dict())
assert [n for n, m in qat.named_modules() if not m.training] == ["0.bn"]
# --8<-- [end:check]
