"""In eval mode Dropout returns the very tensor it was given, so an in-place change to the output changes the input."""

import torch
import torch.nn as nn

dropout = nn.Dropout(0.5)
x = torch.zeros(3)
print("train mode: out is x:", dropout.train()(x) is x)
out = dropout.eval()(x)
print("eval mode:  out is x:", out is x)
assert out is x and dropout.train()(x) is not x
dropout.eval()

out.add_(1)  # in place on the "output"
print("x after out.add_(1):", x.tolist())
assert x.tolist() == [1.0, 1.0, 1.0]

safe = dropout(x).clone()  # clone before an in-place op if the input must survive
safe.add_(1)
print("x after clone().add_(1):", x.tolist())
assert x.tolist() == [1.0, 1.0, 1.0]
