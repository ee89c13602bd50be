"""BatchNorm normalises with batch statistics in train mode, running ones in eval; untracked, batch ones in both."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(64, 2) * 3 + 10  # batch mean near 10, std near 3


def means(t):
    return [round(v, 2) + 0.0 for v in t.mean(0).tolist()]  # +0.0: no -0.0


bn = nn.BatchNorm1d(2, affine=False)  # track_running_stats=True by default
with torch.no_grad():
    y_train = bn.train()(x)
    y_eval = bn.eval()(x)
print("input mean per feature:                ", means(x))
print("train mode, output mean (batch stats): ", means(y_train))
print("running_mean after that one batch:     ", means(bn.running_mean[None]))
print("eval mode, output mean (running stats):", means(y_eval))

untracked = nn.BatchNorm1d(2, affine=False, track_running_stats=False)
with torch.no_grad():
    u_train, u_eval = untracked.train()(x), untracked.eval()(x)
print("track_running_stats=False, train mode: ", means(u_train))
print("track_running_stats=False, eval mode:  ", means(u_eval))
# --8<-- [end:show]

# --8<-- [start:check]
# Train mode: this batch's own statistics, so the output is centred.
assert torch.allclose(y_train.mean(0), torch.zeros(2), atol=1e-5)
# Eval mode: the running statistics (momentum 0.1 after one batch).
expected = (x - bn.running_mean) / torch.sqrt(bn.running_var + bn.eps)
assert torch.allclose(y_eval, expected, atol=1e-5)
assert (y_eval.mean(0) > 5).all()
# Without running statistics (set at construction), both modes are equal,
# and BatchNorm runs in both modes: it is never switched off.
assert untracked.running_mean is None and torch.equal(u_train, u_eval)
assert not torch.allclose(y_eval, x)
# In eval mode a sample's output no longer depends on the rest of its batch;
# in train mode, and without running statistics, it does.
with torch.no_grad():
    assert torch.allclose(bn.eval()(x[:2]), y_eval[:2], atol=1e-6)
    assert not torch.allclose(bn.train()(x[:2]), y_train[:2], atol=1e-3)
    assert not torch.allclose(untracked.eval()(x[:2]), u_eval[:2], atol=1e-3)
# Eval mode leaves the running statistics alone; train mode updates them.
for cls, shape in (
    (nn.BatchNorm1d, (8, 2)),
    (nn.BatchNorm2d, (4, 2, 3, 3)),
    (nn.BatchNorm3d, (4, 2, 2, 2, 2)),
):
    m = cls(2)
    with torch.no_grad():
        m.eval()(torch.randn(shape) + 5)
        assert torch.equal(m.running_mean, torch.zeros(2))
        m.train()(torch.randn(shape) + 5)
        assert (m.running_mean > 0.3).all()
# --8<-- [end:check]
