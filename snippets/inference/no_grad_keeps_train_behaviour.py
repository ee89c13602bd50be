"""no_grad() and inference_mode() stop the graph but leave layers in train behaviour: Dropout still drops."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.5)
).train()  # eval() forgotten
x = torch.randn(4, 4)

for name, context in (
    ("no_grad", torch.no_grad),
    ("inference_mode", torch.inference_mode),
):
    batches = model[1].num_batches_tracked.item()
    with context():
        first, second = model(x), model(x)
    print(f"{name}: requires_grad {first.requires_grad}", end=" | ")
    print(f"zeros {int((first == 0).sum())} of {first.numel()}", end=" | ")
    print(f"two outputs equal {torch.equal(first, second)}", end=" | ")
    print(
        f"BatchNorm batches tracked +{model[1].num_batches_tracked.item() - batches}"
    )
    assert not first.requires_grad and not torch.equal(first, second)
    assert model[1].num_batches_tracked.item() == batches + 2
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
