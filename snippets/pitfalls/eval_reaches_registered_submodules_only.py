"""eval() reaches registered submodules only: a Dropout kept in a plain list stays in train mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn


class Blocks(nn.Module):
    def __init__(self, registered):
        super().__init__()
        drops = [nn.Dropout(0.5), nn.Dropout(0.5)]
        # a plain list hides its modules; nn.ModuleList registers them
        self.blocks = nn.ModuleList(drops) if registered else drops

    def forward(self, x):
        for block in self.blocks:
            x = block(x)
        return x


torch.manual_seed(0)
x = torch.ones(1, 8)
for registered in (False, True):
    model = Blocks(registered).eval()
    flags = [block.training for block in model.blocks]
    kind = "nn.ModuleList" if registered else "plain list   "
    print(f"{kind} after model.eval(): Dropout training = {flags}")
    print("  output:", model(x).tolist())
# --8<-- [end:show]

# --8<-- [start:check]
for registered in (False, True):
    model = Blocks(registered).eval()
    dropping = not torch.equal(model(torch.ones(64)), torch.ones(64))
    assert dropping is not registered  # the hidden Dropout still drops
    assert all(b.training is not registered for b in model.blocks)
    assert len(list(model.modules())) == (4 if registered else 1)
    model.train()  # and train() does not reach them either
    assert all(b.training for b in model.blocks)


class Holders(nn.Module):  # registered: attribute, ModuleList/Dict, Sequential
    def __init__(self):
        super().__init__()
        self.attribute = nn.Linear(2, 2)
        self.module_list = nn.ModuleList([nn.Linear(2, 2)])
        self.module_dict = nn.ModuleDict({"a": nn.Linear(2, 2)})
        self.sequential = nn.Sequential(nn.Linear(2, 2))
        self.plain_list = [nn.Linear(2, 2)]  # not registered
        self.plain_dict = {"a": nn.Linear(2, 2)}  # not registered


holders = Holders().eval()
registered = [
    holders.attribute,
    holders.module_list[0],
    holders.module_dict["a"],
    holders.sequential[0],
]
hidden = [holders.plain_list[0], holders.plain_dict["a"]]
assert not any(m.training for m in registered) and all(
    m.training for m in hidden
)
ids = {id(p) for p in holders.parameters()}
assert all(id(m.weight) in ids for m in registered)
assert not any(id(m.weight) in ids for m in hidden)  # nor their parameters
# --8<-- [end:check]
