"""transfer_parametrizations_and_params shares the parametrization and puts it in the target module's mode."""

# --8<-- [start:show]
import torch.nn as nn
from torch.nn.utils import parametrize


class Symmetric(nn.Module):
    def forward(self, weight):
        return weight.triu() + weight.triu(1).T


source = nn.Linear(3, 3)  # train mode
parametrize.register_parametrization(source, "weight", Symmetric())
target = nn.Linear(3, 3).eval()
parametrize.transfer_parametrizations_and_params(source, target, "weight")

shared = source.parametrizations.weight[0] is target.parametrizations.weight[0]
print("the parametrization object is shared:", shared)
print(
    "source.training:",
    source.training,
    "| its parametrization's training:",
    source.parametrizations.weight[0].training,
)
# --8<-- [end:show]

# --8<-- [start:check]
# Any module with two parents has one flag: the parent switched last sets it.
shared_dropout = nn.Dropout(0.5)
block_a, block_b = nn.Sequential(shared_dropout), nn.Sequential(shared_dropout)
block_a.eval()
block_b.train()
assert not block_a.training and shared_dropout.training  # block_a drops
block_a.eval()
assert block_b.training and not shared_dropout.training  # block_b does not
assert (
    shared
    and source.training
    and not source.parametrizations.weight[0].training
)
# The sharing lasts: the object is a child of both layers, so every later
# train() or eval() of either sets it for both, and the last call wins.
param = target.parametrizations.weight[0]
source.train()  # target stays in eval mode
assert not target.training and param.training
target.eval()
assert source.training and not param.training
# With spectral norm that decides the power iteration: an eval-mode target
# whose shared parametrization was last put in train mode updates u.
import torch  # noqa: E402
from torch.nn.utils.parametrizations import spectral_norm  # noqa: E402

torch.manual_seed(0)
for order in ("source last", "model.train() then target.eval()"):
    src = spectral_norm(nn.Linear(6, 5))
    dst = nn.Linear(6, 5)
    parametrize.transfer_parametrizations_and_params(src, dst)
    sn = dst.parametrizations.weight[0]
    assert sn is src.parametrizations.weight[0]
    if order == "source last":
        dst.eval()
        src.train()
        expect_iteration = True
    else:
        nn.ModuleDict(dict(src=src, dst=dst)).train()
        dst.eval()
        expect_iteration = False
    assert not dst.training and sn.training == expect_iteration
    u = sn._u.clone()
    with torch.no_grad():
        dst(torch.randn(2, 6))  # a forward of the eval-mode layer alone
    assert (not torch.equal(u, sn._u)) == expect_iteration, order
# --8<-- [end:check]
