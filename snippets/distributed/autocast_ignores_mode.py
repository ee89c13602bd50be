"""torch.autocast casts the same ops to the same dtypes in train and eval mode, with or without grad."""

# --8<-- [start:show]
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Dropout())
dtypes = []
for layer in model:  # note each layer's output dtype
    layer.register_forward_hook(lambda m, i, out: dtypes.append(out.dtype))
x = torch.randn(3, 4)
seen = {}
for mode in (True, False):
    for grad in (True, False):
        dtypes.clear()
        with torch.set_grad_enabled(grad):
            with torch.autocast("cpu", dtype=torch.bfloat16):
                model.train(mode)(x)
        seen[mode, grad] = [str(d).removeprefix("torch.") for d in dtypes]
        how = f"{('eval', 'train')[mode]:5} mode, grad {('off', 'on')[grad]:3}"
        print(
            f"{how}: Linear, BatchNorm, Dropout: {' '.join(seen[mode, grad])}"
        )
# --8<-- [end:show]

# --8<-- [start:check]
assert len({tuple(d) for d in seen.values()}) == 1 and len(seen) == 4
assert "bfloat16" in seen[True, True]  # autocast did cast something
# --8<-- [end:check]
