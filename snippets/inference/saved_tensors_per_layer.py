"""On CPU, eval() saves less for backward mostly as train-mode Dropout saves a float32 mask and its own output."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(64, 256), nn.BatchNorm1d(256), nn.ReLU(),
                      nn.Dropout(0.2), nn.Linear(256, 10))  # fmt: skip
x = torch.randn(32, 64)  # the input: 8 KiB, saved by the first Linear
kib, where = {}, [None]
for i, m in enumerate(model):  # note which layer runs when autograd saves
    m.register_forward_pre_hook(lambda m, _, i=i: where.__setitem__(0, i))


def pack(t):  # count each storage once, and no parameter or buffer
    if t.untyped_storage().data_ptr() not in seen:
        seen.add(t.untyped_storage().data_ptr())
        key = mode, f"{where[0]} {type(model[where[0]]).__name__}"
        kib[key] = kib.get(key, 0) + t.nbytes / 1024
        print(f"{mode:5} {key[1]:13} saves {t.dtype} {tuple(t.shape)}")
    return t


weights = model.state_dict().values()  # parameters and buffers
for mode in ("train", "eval"):
    seen = {w.untyped_storage().data_ptr() for w in weights}
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        model.train(mode == "train")(x)
for name in dict.fromkeys(name for _, name in kib):
    print(f"{name:13} KiB: train {kib['train', name]:2g}", end=" | ")
    print(f"eval {kib.get(('eval', name), 0):g}")
# --8<-- [end:show]

# --8<-- [start:check]
train = {name: v for (mode, name), v in kib.items() if mode == "train"}
eval_ = {name: v for (mode, name), v in kib.items() if mode == "eval"}
assert sum(train.values()) - sum(eval_.values()) == 66
assert train["3 Dropout"] == 32 and "3 Dropout" not in eval_  # its mask
assert train["4 Linear"] == 32 and "4 Linear" not in eval_  # Dropout's output
assert train["1 BatchNorm1d"] - eval_["1 BatchNorm1d"] == 2  # mean, invstd
assert train["0 Linear"] == eval_["0 Linear"] == 8  # the input
out, mask = torch.native_dropout(x, 0.2, True)  # the op CUDA's Dropout runs
assert mask.dtype == torch.bool
# --8<-- [end:check]
