"""train() rejects a mode that is not a bool, such as the string 'eval' or the integer 0."""

# --8<-- [start:show]
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
# --8<-- [end:show]

# --8<-- [start:check]
assert model.training is True
# --8<-- [end:check]
