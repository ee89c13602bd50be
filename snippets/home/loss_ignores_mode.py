"""A loss module computes the same value in train and eval mode: it has a training flag but never reads it."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
logits = torch.randn(8, 5)
targets = torch.randint(0, 5, (8,))

for loss_fn in (nn.CrossEntropyLoss(), nn.MSELoss(), nn.NLLLoss()):
    args = (
        (logits, targets)
        if not isinstance(loss_fn, nn.MSELoss)
        else (logits, torch.zeros_like(logits))
    )
    if isinstance(loss_fn, nn.NLLLoss):
        args = (logits.log_softmax(dim=1), targets)
    in_train = loss_fn.train()(*args)
    in_eval = loss_fn.eval()(*args)
    name = type(loss_fn).__name__
    print(
        f"{name:<17} train={in_train.item():.6f}  eval={in_eval.item():.6f}  equal={torch.equal(in_train, in_eval)}"
    )
    assert torch.equal(in_train, in_eval)
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
