"""With gradients on, eval() still keeps activations for backward; no_grad() and inference_mode() keep none."""

# --8<-- [start:show]
import contextlib

import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 256), nn.BatchNorm1d(256), nn.ReLU(),
                      nn.Dropout(0.2), nn.Linear(256, 10))  # fmt: skip
x = torch.randn(32, 64)  # 8 KiB, counted below: the first Linear saves it
weights = {w.untyped_storage().data_ptr() for w in model.state_dict().values()}
contexts = {
    "grad": contextlib.nullcontext,
    "no_grad": torch.no_grad,
    "inference_mode": torch.inference_mode,
}
print(f"{'mode':6}{'context':16}{'tensors saved':>14}{'KiB kept':>10}")
table = {}
for mode in ("train", "eval"):
    for name, context in contexts.items():
        saved = []
        hooks = (lambda t, saved=saved: saved.append(t) or t, lambda t: t)
        with torch.autograd.graph.saved_tensors_hooks(*hooks), context():
            model.train(mode == "train")(x)
        storages = {t.untyped_storage().data_ptr(): t.nbytes for t in saved}
        kib = sum(n for p, n in storages.items() if p not in weights) / 1024
        table[mode, name] = len(saved), kib
        print(f"{mode:6}{name:16}{len(saved):>14}{kib:>10g}")
# --8<-- [end:show]


# "KiB kept": the distinct storages autograd saved, less the parameters and
# buffers the model holds anyway; the input x is included.
# The hooks see what built-in operations save, and what a custom
# autograd.Function passes to ctx.save_for_backward; not a tensor that such a
# Function keeps as an attribute of ctx. The model above has no such Function.
# --8<-- [start:check]
class Square(torch.autograd.Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a)  # seen by the hooks
        ctx.b = b.clone()  # kept for backward, but not seen
        return a * ctx.b

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.b, None


seen = []
with torch.autograd.graph.saved_tensors_hooks(
    lambda t: seen.append(t) or t, lambda t: t
):
    Square.apply(torch.ones(3, requires_grad=True), torch.ones(3))
assert len(seen) == 1
fns = {type(m).__module__ for m in model.modules()}
assert all(f.startswith("torch.nn.modules") for f in fns), fns
for mode in ("train", "eval"):
    for name in ("no_grad", "inference_mode"):
        assert table[mode, name] == (0, 0)
assert 0 < table["eval", "grad"][1] < table["train", "grad"][1]
assert table["train", "grad"][1] == 138 and table["eval", "grad"][1] == 72
# --8<-- [end:check]
