"""train() rejects a mode that is not a bool, such as the string "eval" or the integer 0."""

import torch.nn as nn

model = nn.Linear(2, 2)
for mode in ("eval", 0, None):
    try:
        model.train(mode)
    except ValueError as error:
        print(f"model.train({mode!r}) -> ValueError: {error}")
    else:
        raise AssertionError(f"train({mode!r}) was accepted")
print("model.training is still", model.training)
assert model.training is True
