"""train() rejects any mode that is not a Python bool: a string, an int, None, a NumPy or a tensor bool."""

# --8<-- [start:show]
import numpy as np
import torch
import torch.nn as nn

model = nn.Linear(2, 2)
rejected = []
for mode in ("eval", 0, 1, None, np.bool_(False), torch.tensor(False)):
    try:
        model.train(mode)
    except ValueError as error:
        rejected.append(mode)
        print(f"train({mode!r}) -> ValueError: {error}")
    else:
        print(f"train({mode!r}) -> accepted")
print("model.training is still", model.training)
# --8<-- [end:show]

# --8<-- [start:check]
assert len(rejected) == 6 and model.training is True
# Only a real bool is accepted; eval() passes False.
assert model.train(False).training is False and model.train().training
assert model.eval().training is False
# --8<-- [end:check]
