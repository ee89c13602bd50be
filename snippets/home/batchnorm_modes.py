"""BatchNorm normalises with batch statistics in train mode and with its running statistics in eval mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(2, affine=False)
x = torch.randn(64, 2) * 3 + 10  # batch mean near 10, std near 3

with torch.no_grad():
    y_train = bn.train()(x)
    y_eval = bn.eval()(x)

print(
    "input mean per feature:          ",
    [round(v, 2) for v in x.mean(0).tolist()],
)
print(
    "train-mode output mean (batch):  ",
    [round(v, 2) + 0.0 for v in y_train.mean(0).tolist()],
)  # +0.0: no "-0.0"
print(
    "running_mean after one batch:    ",
    [round(v, 2) for v in bn.running_mean.tolist()],
)
print(
    "eval-mode output mean (running): ",
    [round(v, 2) for v in y_eval.mean(0).tolist()],
)
# Eval mode uses the running statistics (momentum 0.1 after one batch): far from centred.
expected = (x - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
# --8<-- [end:show]

# --8<-- [start:check]
# Train mode uses this batch's own mean/var: the output is centred.
assert torch.allclose(y_train.mean(0), torch.zeros(2), atol=1e-5)
assert torch.allclose(y_eval, expected, atol=1e-5)
assert (y_eval.mean(0) > 5).all()
# --8<-- [end:check]
