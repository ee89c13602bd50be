"""eval() is train(False): every registered module gets training=False; parameters and autograd are untouched."""

# --8<-- [start:show]
import torch
import torch.nn as nn


def make_model():
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3), nn.Dropout())
    model[1].eval()  # a mixed start: BatchNorm frozen, the rest training
    return model


a, b = make_model(), make_model()
state = {k: v.clone() for k, v in a.state_dict().items()}
print("flags before:            ", [m.training for m in a.modules()])
print("flags after eval():      ", [m.training for m in a.eval().modules()])
print(
    "flags after train(False):", [m.training for m in b.train(False).modules()]
)

same = all(torch.equal(v, a.state_dict()[k]) for k, v in state.items())
print("parameters and buffers unchanged:", same)
print(
    "parameters still require grad:",
    all(p.requires_grad for p in a.parameters()),
)
print("grad mode still on:", torch.is_grad_enabled())
print(
    "eval-mode output tracked by autograd:", a(torch.randn(2, 3)).requires_grad
)
# --8<-- [end:show]

# --8<-- [start:check]
flags_a = [m.training for m in a.modules()]
flags_b = [m.training for m in b.modules()]
assert flags_a == flags_b == [False] * 4
assert same and torch.is_grad_enabled()
assert all(p.requires_grad for p in a.parameters())
# Both return the module itself, from any starting state.
for start in (True, False):
    m = make_model().train(start)
    assert m.eval() is m and m.train(False) is m
# A frozen parameter stays frozen: eval() and train() leave requires_grad.
c = make_model()
c[0].weight.requires_grad_(False)
c.eval().train()
assert not c[0].weight.requires_grad and c[0].bias.requires_grad
# Under no_grad(), eval() does not turn grad mode back on, nor train().
with torch.no_grad():
    c.eval()
    c.train()
    assert not torch.is_grad_enabled()
# --8<-- [end:check]
