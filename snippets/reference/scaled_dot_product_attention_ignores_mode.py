"""F.scaled_dot_product_attention knows no mode: pass dropout_p only while training, as MultiheadAttention does."""

# --8<-- [start:show]
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.manual_seed(0)


class Attention(nn.Module):
    def __init__(self, p, follow_mode):
        super().__init__()
        self.p, self.follow_mode = p, follow_mode

    def forward(self, q):
        p = self.p if (self.training or not self.follow_mode) else 0.0
        return F.scaled_dot_product_attention(q, q, q, dropout_p=p)


q = torch.randn(1, 1, 4, 2)  # (batch, heads, sequence, features)
always = Attention(0.5, follow_mode=False).eval()
follows = Attention(0.5, follow_mode=True).eval()
print(
    "eval mode, dropout_p=0.5 on every call:     two calls equal:",
    torch.equal(always(q), always(q)),
)
print(
    "eval mode, dropout_p=0.5 only when training: two calls equal:",
    torch.equal(follows(q), follows(q)),
)
# --8<-- [end:show]

# --8<-- [start:check]
assert not torch.equal(always(q), always(q))
assert torch.equal(follows(q), F.scaled_dot_product_attention(q, q, q))
# --8<-- [end:check]
