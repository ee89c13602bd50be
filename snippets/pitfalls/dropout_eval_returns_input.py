"""In eval mode Dropout returns the very tensor it was given, so an in-place change to the output changes the input."""

# --8<-- [start:show]
import torch
import torch.nn as nn

dropout = nn.Dropout(0.5)
x = torch.zeros(3)
in_train = dropout.train()(x)
print("train mode, output is input:", in_train is x)
out = dropout.eval()(x)
print("eval mode, output is input: ", out is x)

out.add_(1)  # in place on the "output"
print("x after out.add_(1):", x.tolist())

safe = dropout(
    x
).clone()  # clone before an in-place op if the input must survive
safe.add_(1)
print("x after clone().add_(1):", x.tolist())
# --8<-- [end:show]

# --8<-- [start:check]
assert out is x and in_train is not x

assert x.tolist() == [1.0, 1.0, 1.0]

assert x.tolist() == [1.0, 1.0, 1.0]
# --8<-- [end:check]
