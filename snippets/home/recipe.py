"""The recipe: train() before training steps, eval() with no_grad() for validation, then train() again."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Dropout(0.2)
)
optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()
x_train, y_train = torch.randn(64, 4), torch.randn(64, 16)
x_val, y_val = torch.randn(32, 4), torch.randn(32, 16)
checks = []
for epoch in range(2):
    model.train()  # Dropout drops; BatchNorm uses and updates batch statistics
    for xb, yb in zip(x_train.split(16), y_train.split(16)):
        optimizer.zero_grad()
        loss_fn(model(xb), yb).backward()
        optimizer.step()  # changes the parameters (plain layers: only here)

    model.eval()  # Dropout off; BatchNorm uses its running statistics
    with torch.no_grad():  # no graph is recorded, no tensors kept for backward
        val_loss, again = (loss_fn(model(x_val), y_val) for _ in range(2))
    repeatable = torch.equal(val_loss, again)
    checks.append((repeatable, val_loss.requires_grad))
    print(
        f"epoch {epoch}: val_loss={val_loss.item():.4f} repeatable={repeatable}"
    )

model.train()  # back to train mode before the next training step
print("back in train mode:", all(m.training for m in model.modules()))
# --8<-- [end:show]

# --8<-- [start:check]
import warnings  # noqa: E402

assert all(m.training for m in model.modules())
# Validation was repeatable (eval mode) and recorded nothing (no_grad).
assert checks == [(True, False), (True, False)]
# In eval mode each sample's output no longer depends on the rest of its
# batch, up to rounding (not always bit for bit); in train mode it does.
# A BatchNorm without running statistics depends on it in both modes.
untracked = nn.Sequential(
    nn.Linear(4, 16), nn.BatchNorm1d(16, track_running_stats=False)
)
with torch.no_grad():
    for n in (2, 5, 16):
        part, full = model.eval()(x_val[:n]), model(x_val)
        assert torch.allclose(part, full[:n], rtol=0, atol=1e-5), n
        model[3].eval()  # Dropout off: BatchNorm alone in train mode
        model[1].train()
        assert not torch.allclose(model(x_val[:n]), model(x_val)[:n]), n
        model.eval()
        untracked.eval()
        b, b_full = untracked(x_val[:n]), untracked(x_val)
        assert not torch.allclose(b, b_full[:n]), n
model.train()
# A padded batch through an eval-mode TransformerEncoder is the other
# exception: it takes its nested-tensor path (padded positions come out as
# zeros) only when every sample's padding is at the end, so a sample's
# padded positions depend on the other samples' masks.
warnings.filterwarnings("ignore", "The PyTorch API of nested tensors")
layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
encoder = nn.TransformerEncoder(layer, 2).eval()
a, b = torch.randn(1, 5, 8), torch.randn(1, 5, 8)
at_end = torch.tensor([[False, False, False, True, True]])
at_start = torch.tensor([[True, False, False, False, False]])
with torch.no_grad():
    alone = encoder(a, src_key_padding_mask=at_end)[0]
    pair = torch.cat([a, b])
    with_end = encoder(pair, src_key_padding_mask=torch.cat([at_end] * 2))[0]
    mixed = torch.cat([at_end, at_start])
    with_start = encoder(pair, src_key_padding_mask=mixed)[0]
assert alone[3:].eq(0).all() and with_end[3:].eq(0).all()
assert not with_start[3:].eq(0).any()
for other in (with_end, with_start):  # its real positions: rounding only
    assert torch.allclose(other[:3], alone[:3], rtol=0, atol=1e-5)
# inference_mode() instead of no_grad() has conditions: one is that every
# lazy module has run once outside it. A LazyLinear first run under it gets
# an inference-tensor weight: training then runs, and it never learns.
lazy = nn.Sequential(nn.LazyLinear(4), nn.ReLU(), nn.Linear(4, 1)).eval()
with torch.inference_mode():
    lazy(x_val)  # a validation before the first training step
lazy.train()
weight = lazy[0].weight.clone()
lazy_optimizer = torch.optim.SGD(lazy.parameters(), lr=0.1)
lazy(x_train).pow(2).mean().backward()
lazy_optimizer.step()
assert lazy[0].weight.is_inference() and lazy[0].weight.grad is None
assert torch.equal(lazy[0].weight, weight)
# --8<-- [end:check]
