"""torch.jit.trace records the mode the model was in: switching the traced module's mode later changes nothing."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.ones(8)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    traced_in_eval = torch.jit.trace(nn.Sequential(nn.Dropout(0.5)).eval(), x)
    traced_in_train = torch.jit.trace(
        nn.Sequential(nn.Dropout(0.5)).train(), x, check_trace=False
    )
for message in sorted({f"{w.category.__name__}: {w.message}" for w in caught}):
    print("warning:", message)

traced_in_eval.train()
traced_in_train.eval()
print(
    "traced in eval, then .train(): training =",
    traced_in_eval.training,
    "->",
    traced_in_eval(x).tolist(),
)
print(
    "traced in train, then .eval(): training =",
    traced_in_train.training,
    "->",
    traced_in_train(x).tolist(),
)
# --8<-- [end:show]

# --8<-- [start:check]
assert caught and all(
    issubclass(w.category, DeprecationWarning)
    and "deprecated" in str(w.message)
    for w in caught
)

assert traced_in_eval.training and torch.equal(
    traced_in_eval(x), x
)  # still the identity
assert not traced_in_train.training and not torch.equal(
    traced_in_train(x), x
)  # still dropping
# --8<-- [end:check]
