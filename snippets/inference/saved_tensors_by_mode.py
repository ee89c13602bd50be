"""With gradients on, eval() still keeps activations for backward; no_grad() and inference_mode() keep none."""

# --8<-- [start:show]
import contextlib

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(64, 256),
    nn.BatchNorm1d(256),
    nn.ReLU(),
    nn.Dropout(0.2),
    nn.Linear(256, 10),
)
x = torch.randn(32, 64)
weights = {
    t.untyped_storage().data_ptr()
    for t in (*model.parameters(), *model.buffers())
}


def saved_for_backward(mode, context):
    """Forward once; return (tensors saved, KiB of activations they keep alive: distinct, not weights)."""
    saved = []
    model.train(mode == "train")
    with (
        torch.autograd.graph.saved_tensors_hooks(
            lambda t: saved.append(t) or t, lambda t: t
        ),
        context(),
    ):
        model(x)
    storages = {
        t.untyped_storage().data_ptr(): t.untyped_storage().nbytes()
        for t in saved
    }
    activations = sum(
        size for pointer, size in storages.items() if pointer not in weights
    )
    return len(saved), activations / 1024


contexts = {
    "grad": contextlib.nullcontext,
    "no_grad": torch.no_grad,
    "inference_mode": torch.inference_mode,
}
print("model:", " > ".join(type(layer).__name__ for layer in model))
print(f"input: {tuple(x.shape)} float32, {x.nbytes / 1024:g} KiB\n")
print(f"{'mode':6}{'context':16}{'tensors saved':>14}{'activation KiB':>16}")
table = {}
for mode in ("train", "eval"):
    for name, context in contexts.items():
        table[mode, name] = saved_for_backward(mode, context)
        print(
            f"{mode:6}{name:16}{table[mode, name][0]:>14}{table[mode, name][1]:>16g}"
        )
# --8<-- [end:show]

# --8<-- [start:check]
assert all(
    table[mode, name] == (0, 0)
    for mode in ("train", "eval")
    for name in ("no_grad", "inference_mode")
)
assert 0 < table["eval", "grad"][1] < table["train", "grad"][1]
# --8<-- [end:check]
