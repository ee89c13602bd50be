"""RReLU draws a random negative slope per element in train mode and uses (lower + upper) / 2 in eval mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
rrelu = nn.RReLU(lower=0.1, upper=0.3)
x = -torch.ones(6)  # negative inputs, so output = -slope

train_slopes = -rrelu.train()(x)
eval_slopes = -rrelu.eval()(x)
print("train-mode slopes:", [round(v, 3) for v in train_slopes.tolist()])
print("eval-mode slopes: ", [round(v, 3) for v in eval_slopes.tolist()])
# --8<-- [end:show]

# --8<-- [start:check]
assert (
    len(set(train_slopes.tolist())) == 6
    and ((0.1 <= train_slopes) & (train_slopes <= 0.3)).all()
)
assert torch.allclose(eval_slopes, torch.full_like(x, (0.1 + 0.3) / 2))
# --8<-- [end:check]
