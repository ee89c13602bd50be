"""MultiheadAttention drops attention weights in train mode only, so only eval-mode weight rows sum to 1."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
mha = nn.MultiheadAttention(
    embed_dim=4, num_heads=1, dropout=0.5, batch_first=True
)
x = torch.randn(1, 4, 4)  # (batch, sequence, embedding)

with torch.no_grad():
    _, train_weights = mha.train()(x, x, x)
    _, eval_weights = mha.eval()(x, x, x)
print(
    "train mode, row sums of the attention weights:",
    [round(v, 3) for v in train_weights[0].sum(-1).tolist()],
)
print(
    "train mode, zeroed weights:",
    int((train_weights == 0).sum()),
    "of",
    train_weights.numel(),
)
print(
    "eval mode, row sums of the attention weights: ",
    [round(v, 3) for v in eval_weights[0].sum(-1).tolist()],
)
# --8<-- [end:show]

# --8<-- [start:check]
assert (train_weights == 0).any()
assert torch.allclose(eval_weights.sum(-1), torch.ones(1, 4))
# the dropout is no submodule: only the module's own flag switches it
assert not any(isinstance(m, nn.Dropout) for m in mha.modules())
# in both grad modes
_, weights = mha.train()(x, x, x)
assert (weights == 0).any()
_, weights = mha.eval()(x, x, x)
assert torch.allclose(weights.sum(-1), torch.ones(1, 4))
# --8<-- [end:check]
