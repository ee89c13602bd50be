"""eval() is exactly train(False): both set training=False everywhere and return the module."""

# --8<-- [start:show]
import torch.nn as nn


def make_model():
    return nn.Sequential(
        nn.Linear(3, 3), nn.Dropout(0.1), nn.Sequential(nn.BatchNorm1d(3))
    )


a, b = make_model(), make_model()
returned_a = a.eval()
returned_b = b.train(False)

flags_a = [m.training for m in a.modules()]
flags_b = [m.training for m in b.modules()]
print("flags after eval():       ", flags_a)
print("flags after train(False): ", flags_b)
print("both return the module:   ", returned_a is a and returned_b is b)
# --8<-- [end:show]

# --8<-- [start:check]
assert flags_a == flags_b and not any(flags_a)
assert returned_a is a and returned_b is b
# --8<-- [end:check]
