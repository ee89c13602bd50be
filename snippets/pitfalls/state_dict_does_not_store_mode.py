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
assert not any("train" in key for key in state)
assert [m.training for m in restored.modules()] == [True, True, True]
# Before torch 2.6 the default was weights_only=False: the load succeeds.
refused = torch.__version__ >= (2, 6)
assert ("advice" in globals()) == refused
assert not refused or "trust the source" in advice
assert [m.training for m in whole.modules()] == [False, True, False]
# --8<-- [end:check]
