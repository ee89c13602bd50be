"""Fusing BatchNorm into the layer before it needs both in eval mode: fuse_conv_bn_eval and fuse_modules check."""

# --8<-- [start:show]
import torch.nn as nn
from torch.ao.quantization import fuse_modules
from torch.nn.utils import fuse_conv_bn_eval, fuse_linear_bn_eval


def pair(bn_training=True):  # a Conv2d in train mode, then a BatchNorm2d
    model = nn.Sequential(nn.Conv2d(3, 3, 1), nn.BatchNorm2d(3))
    model[1].train(bn_training)
    return model


attempts = {
    "fuse_conv_bn_eval, train mode": lambda: fuse_conv_bn_eval(*pair()),
    "fuse_linear_bn_eval, train mode": lambda: fuse_linear_bn_eval(
        nn.Linear(3, 3), nn.BatchNorm1d(3)),
    "fuse_modules, train mode": lambda: fuse_modules(pair(), [["0", "1"]]),
    "fuse_modules, mixed modes": lambda: fuse_modules(pair(False),
                                                      [["0", "1"]]),
    "fuse_modules, eval mode": lambda: fuse_modules(pair().eval(),
                                                    [["0", "1"]]),
}  # fmt: skip
results = {}
for name, attempt in attempts.items():
    try:
        results[name] = f"fused: {type(attempt()).__name__}"
    except AssertionError as error:
        results[name] = f"AssertionError: {error}"
    print(f"{name}:\n  {results[name]}")
# --8<-- [end:show]

# --8<-- [start:check]
only_eval = "AssertionError: Fusion only for eval!"
assert results["fuse_conv_bn_eval, train mode"] == only_eval
assert results["fuse_linear_bn_eval, train mode"] == only_eval
assert results["fuse_modules, train mode"] == only_eval
assert results["fuse_modules, mixed modes"] == (
    "AssertionError: Conv and BN both must be in the same mode (train or eval)."
)
assert results["fuse_modules, eval mode"] == "fused: Sequential"
import torch.ao.nn.intrinsic as nni  # noqa: E402
from torch.ao.quantization import fuse_modules_qat  # noqa: E402

# Every group that folds a BatchNorm, built in train mode, with the class
# fuse_modules_qat makes of it and the message for modules in mixed modes.
same_mode = "both must be in the same mode (train or eval)."
groups = {
    "Conv+BN": ([nn.Conv2d(3, 3, 1), nn.BatchNorm2d(3)], nni.ConvBn2d, "Conv"),
    "Conv+BN+ReLU": (
        [nn.Conv2d(3, 3, 1), nn.BatchNorm2d(3), nn.ReLU()],
        nni.ConvBnReLU2d,
        "Conv",
    ),
    "Linear+BN": (
        [nn.Linear(3, 3), nn.BatchNorm1d(3)],
        nni.LinearBn1d,
        "Linear",
    ),
    "ConvTranspose+BN": (
        [nn.ConvTranspose2d(3, 3, 1), nn.BatchNorm2d(3)],
        None,  # QAT does not fuse it
        "ConvTranspose",
    ),
}


def fuse(fuser, layers, modes):
    """Fuse layers, each put in its mode, with fuser; the error's text if any."""
    model = nn.Sequential(*layers)
    for layer, mode in zip(model, modes):
        layer.train(mode)
    try:
        return fuser(model, [[str(i) for i in range(len(model))]])[0]
    except Exception as error:  # noqa: BLE001 (QAT raises a bare Exception)
        return f"{type(error).__name__}: {error}"


for name, (layers, qat_class, first) in groups.items():
    every = len(layers)
    assert fuse(fuse_modules, layers, [True] * every) == only_eval, name
    fused = fuse(fuse_modules, layers, [False] * every)  # eval: BN folded
    assert not isinstance(fused, str), (name, fused)
    assert not any(
        isinstance(m, nn.BatchNorm2d | nn.BatchNorm1d) for m in fused.modules()
    )
    # Any one module in the other mode, the ReLU too: the group's own message.
    for odd in range(every):
        modes = [i == odd for i in range(every)]
        for fuser in (fuse_modules, fuse_modules_qat):
            result = fuse(fuser, layers, modes)
            assert result == f"AssertionError: {first} and BN {same_mode}", (
                name,
                odd,
                result,
            )
    qat = fuse(fuse_modules_qat, layers, [True] * every)
    if qat_class is None:
        assert qat == (
            "Exception: Fusing ConvTranspose+BatchNorm not yet supported in QAT."
        ), qat
    else:
        assert isinstance(qat, qat_class), (name, qat)

# A group with no BatchNorm to fold fuses in either mode.
for mode in (True, False):
    fused = fuse(fuse_modules, [nn.Conv2d(3, 3, 1), nn.ReLU()], [mode] * 2)
    assert isinstance(fused, nni.ConvReLU2d), (mode, fused)
# --8<-- [end:check]
