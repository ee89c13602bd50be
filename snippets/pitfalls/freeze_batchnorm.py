"""Freezing BatchNorm takes requires_grad=False and eval mode after each train(); momentum=0 is not enough."""

# --8<-- [start:show]
import torch
import torch.nn as nn


def freeze_norms(model):  # call it after every model.train()
    for module in model.modules():  # the norm layers with running stats
        if getattr(module, "track_running_stats", False):
            for param in module.eval().parameters():  # a lazy one before
                param.requires_grad = False  # its first forward, too


def report(label):
    stored = torch.allclose(bn(x), (x - 1.0) / (4.0 + bn.eps) ** 0.5)
    kept = bn.running_mean.eq(1).all().item()
    print(f"{label}: normalises with stored statistics: {stored}")
    print(f"  running_mean kept: {kept}, batches: {bn.num_batches_tracked}")


torch.manual_seed(0)
bn = nn.BatchNorm1d(4)
bn.running_mean.fill_(1.0)  # as if they came from pre-training
bn.running_var.fill_(4.0)
model = nn.Sequential(bn, nn.Dropout(0.5), nn.Linear(4, 1))
x = torch.randn(8, 4)
freeze_norms(model.train())
model(x).sum().backward()  # a training step's forward and backward
report("frozen")
print("  Dropout training:", model[1].training, "| grad:", bn.weight.grad)
bn.train().momentum = 0.0  # instead of eval mode
report("momentum=0, train mode")
# --8<-- [end:show]

# --8<-- [start:check]
assert bn.running_mean.eq(1).all() and bn.running_var.eq(4).all()
frozen = (x - 1.0) / (4.0 + bn.eps) ** 0.5
assert not torch.allclose(bn(x), frozen)  # the batch's own statistics
assert bn.num_batches_tracked.item() > 0  # momentum=0 still counts batches


def frozen_after_training_step(norm, x):
    """A model with this norm, a Dropout and a Linear, after one step."""
    model = nn.Sequential(
        norm, nn.Dropout(0.5), nn.Flatten(), nn.LazyLinear(1)
    )
    freeze_norms(model.train())  # before any forward: lazy ones unset yet
    model.eval()(x)  # initialises lazy modules
    stats = {k: v.clone() for k, v in norm.state_dict().items()}
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, weight_decay=0.1)
    with torch.no_grad():
        expected = norm(x)
    freeze_norms(model.train())
    head = model[3].weight.clone()
    optimizer.zero_grad()
    model(x).pow(2).mean().backward()
    optimizer.step()
    assert model[1].training and not norm.training
    assert not any(p.requires_grad for p in norm.parameters())
    assert not torch.equal(model[3].weight, head)  # the rest trains
    after = norm.state_dict()
    assert all(torch.equal(stats[k], after[k]) for k in stats)
    assert torch.equal(norm(x), expected)  # the same computation as before


x3, x4, x5 = (
    torch.randn(4, 3, 5),
    torch.randn(4, 3, 2, 2),
    torch.randn(4, 3, 2, 2, 2),
)
for norm, x in [
    (nn.BatchNorm1d(3), x3),
    (nn.BatchNorm2d(3), x4),
    (nn.BatchNorm3d(3), x5),
    (nn.LazyBatchNorm1d(), x3),
    (nn.LazyBatchNorm2d(), x4),
    (nn.LazyBatchNorm3d(), x5),
    (nn.SyncBatchNorm(3), x4),  # eval-mode forward runs on CPU
    (nn.InstanceNorm1d(3, affine=True, track_running_stats=True), x3),
    (nn.InstanceNorm2d(3, affine=True, track_running_stats=True), x4),
    (nn.InstanceNorm3d(3, affine=True, track_running_stats=True), x5),
    (nn.LazyInstanceNorm1d(affine=True, track_running_stats=True), x3),
    (nn.LazyInstanceNorm2d(affine=True, track_running_stats=True), x4),
    (nn.LazyInstanceNorm3d(affine=True, track_running_stats=True), x5),
]:
    frozen_after_training_step(norm, x)

# A norm without running statistics is left to train, in train mode.
for norm in (
    nn.InstanceNorm2d(3, affine=True),
    nn.BatchNorm2d(3, track_running_stats=False),
    nn.LazyInstanceNorm2d(track_running_stats=False),
):
    model = nn.Sequential(norm, nn.Flatten(), nn.Linear(12, 1))
    model(x4)  # a lazy one materialises
    freeze_norms(model.train())
    assert norm.training, norm
    assert [p.requires_grad for p in norm.parameters()] == [True, True], norm

# Each half alone is not enough: eval mode alone lets the optimizer move the
# weight; requires_grad_(False) alone lets train mode move the statistics.
for half in ("eval", "requires_grad"):
    bn = nn.BatchNorm1d(4)
    model = nn.Sequential(bn, nn.Linear(4, 1)).train()
    getattr(bn, "eval" if half == "eval" else "requires_grad_")(
        *(() if half == "eval" else (False,))
    )
    before = {k: v.clone() for k, v in bn.state_dict().items()}
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model(torch.randn(8, 4)).pow(2).mean().backward()
    optimizer.step()
    changed = {
        k for k, v in bn.state_dict().items() if not torch.equal(v, before[k])
    }
    assert changed == (
        {"weight", "bias"}
        if half == "eval"
        else {"running_mean", "running_var", "num_batches_tracked"}
    ), changed
# --8<-- [end:check]
