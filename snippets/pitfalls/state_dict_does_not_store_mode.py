"""A state_dict does not store the mode, while a whole saved module keeps it."""

# --8<-- [start:show]
import io
import re

import torch
import torch.nn as nn


def make():
    return nn.Sequential(nn.Linear(2, 2), nn.Dropout())


model = make().eval()
state = model.state_dict()
print("state_dict keys:", list(state))

restored = make()  # a new module starts in train mode
restored.load_state_dict(state)
print("load_state_dict into a new model -> training =", restored.training)

buffer = io.BytesIO()
torch.save(
    model, buffer
)  # pickles the whole module, `training` attributes included
buffer.seek(0)
try:
    torch.load(buffer)
except Exception as error:  # weights_only=True is the default since torch 2.6
    advice = (
        re.sub(r"\x1b\[[0-9;]*m", "", str(error)).splitlines()[0].strip()
    )  # drop the terminal colour codes
    print(f"torch.load(whole module) -> {type(error).__name__}: {advice}")
    assert "trust the source" in advice
else:
    raise AssertionError(
        "torch.load loaded a whole module with its default weights_only"
    )
buffer.seek(0)
whole = torch.load(buffer, weights_only=False)  # only for files you trust
print(
    "torch.load(weights_only=False) -> training =",
    whole.training,
    "| dropout training =",
    whole[1].training,
)
# --8<-- [end:show]

# --8<-- [start:check]
assert not any("train" in key for key in state)

assert restored.training

assert not whole.training and not whole[1].training
# --8<-- [end:check]
