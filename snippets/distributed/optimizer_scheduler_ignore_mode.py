"""An optimizer step and an LR schedule are the same whether the model is in train or eval mode."""

# --8<-- [start:show]
import torch
from torch import nn

optimizers = {
    "SGD": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    "Adam": lambda p: torch.optim.Adam(p, lr=0.1),
    "AdamW": lambda p: torch.optim.AdamW(p, lr=0.1),
}
seen = {}
for name, make in optimizers.items():
    for mode in (True, False):
        torch.manual_seed(0)
        model = nn.Linear(3, 2).train(mode)  # a layer the mode does not change
        opt = make(model.parameters())
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, 1.0, total_steps=4)
        lrs = []
        for _ in range(3):
            model(torch.ones(1, 3)).sum().backward()
            opt.step()
            sched.step()
            lrs.append(round(sched.get_last_lr()[0], 4))
        seen[name, mode] = (model.weight.detach().clone(), lrs)
    same = torch.equal(seen[name, True][0], seen[name, False][0])
    print(f"{name:5}: weights after 3 steps equal in both modes: {same}")
    print(f"{name:5}: lr in train mode {seen[name, True][1]}")
    print(f"{name:5}: lr in eval mode  {seen[name, False][1]}")
# --8<-- [end:show]

# --8<-- [start:check]
for name in optimizers:
    assert torch.equal(seen[name, True][0], seen[name, False][0]), name
    assert seen[name, True][1] == seen[name, False][1], name
# --8<-- [end:check]
