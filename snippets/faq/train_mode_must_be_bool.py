"""model.train() accepts only True or False: any other value raises ValueError before any flag changes."""

# --8<-- [start:show]
import torch.nn as nn

model = nn.Sequential(nn.Linear(2, 2), nn.Dropout())
results = {}
for mode in (0, 1, "eval", None):
    try:
        model.train(mode)
        results[mode] = "ran"
    except ValueError as error:
        results[mode] = f"ValueError: {error}"
    print(f"model.train({mode!r}) -> {results[mode]}")
flags = [m.training for m in model.modules()]
print("flags after the failed calls:", flags)  # all still True
print("model.train(False) -> training is", model.train(False).training)
# --8<-- [end:show]

# --8<-- [start:check]
message = "ValueError: training mode is expected to be boolean"
assert all(result == message for result in results.values())
assert flags == [True, True, True]
assert not any(m.training for m in model.modules())
assert all(m.training for m in model.train(True).modules())
# --8<-- [end:check]
