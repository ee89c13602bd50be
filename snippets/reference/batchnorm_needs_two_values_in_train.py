"""In train mode BatchNorm rejects a batch with one value per channel; in eval mode it accepts it."""

import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(3)
single = torch.randn(1, 3)  # one sample: nothing to take a batch variance over

try:
    bn.train()(single)
    raised = None
except ValueError as error:
    raised = str(error)
print("train mode:", raised)
print("eval mode output shape:", tuple(bn.eval()(single).shape))
assert raised is not None and "more than 1 value per channel" in raised
