"""fuse_modules needs a Conv or Linear and its BatchNorm in eval; fuse_modules_qat needs them in one shared mode."""

# --8<-- [start:show]
import torch.ao.quantization as tq
import torch.nn as nn


def attempt(label, fuse, *modes):  # one mode per module: Conv, BN, ReLU
    parts = [nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU()][: len(modes)]
    for module, mode in zip(parts, modes):
        module.train(mode)
    try:
        out = fuse(nn.Sequential(*parts), [str(i) for i in range(len(modes))])
        print(f"{label}: {type(out[0]).__name__}, training={out[0].training}")
    except AssertionError as error:
        print(f"{label}:\n  AssertionError: {error}")


attempt("fuse_modules, train", tq.fuse_modules, True, True, True)
attempt("fuse_modules, eval", tq.fuse_modules, False, False, False)
attempt("fuse_modules, eval, no ReLU", tq.fuse_modules, False, False)
attempt("fuse_modules_qat, train", tq.fuse_modules_qat, True, True, True)
attempt("fuse_modules_qat, eval", tq.fuse_modules_qat, False, False, False)
attempt("fuse_modules_qat, Conv in eval", tq.fuse_modules_qat, False, True)
conv_relu = nn.Sequential(nn.Conv2d(1, 2, 3).eval(), nn.ReLU())  # no BN
out = tq.fuse_modules(conv_relu, ["0", "1"])[0]  # modes differ
print(f"fuse_modules, Conv in eval, ReLU in train: {type(out).__name__}")
# --8<-- [end:show]

# Only the fuser methods for a Conv, Linear or ConvTranspose with a BatchNorm
# (fuse_conv_bn, fuse_conv_bn_relu, fuse_linear_bn, fuse_convtranspose_bn in
# torch/ao/quantization/fuser_method_mappings.py) compare modes, each with its
# own message; Conv+ReLU, Linear+ReLU and BatchNorm+ReLU are wrapped in an
# nni.* Sequential with no check. With is_qat=False (fuse_modules) they then
# call fuse_conv_bn_eval or fuse_linear_bn_eval (torch/nn/utils/fusion.py),
# which refuse either module in train mode and return a deepcopy of the Conv
# or Linear: in eval, like the original. An nni.* wrapper is a new Sequential,
# in train mode whatever its parts. The nn.Identity placeholders copy the
# first module's flag (fuse_known_modules). Neither function warns.
# --8<-- [start:check]
import copy  # noqa: E402
import warnings  # noqa: E402

import pytest  # noqa: E402
import torch.ao.nn.intrinsic as nni  # noqa: E402

warnings.simplefilter("error")  # neither fusion function warns
CONV_BN = {  # first module, its BatchNorm, the name in the message
    "Conv": (lambda: nn.Conv2d(1, 2, 3), lambda: nn.BatchNorm2d(2)),
    "Linear": (lambda: nn.Linear(2, 2), lambda: nn.BatchNorm1d(2)),
    "ConvTranspose": (
        lambda: nn.ConvTranspose2d(1, 2, 3),
        lambda: nn.BatchNorm2d(2),
    ),
}
for name, (first, norm) in CONV_BN.items():
    for first_mode, bn_mode in [(True, True), (True, False), (False, True)]:
        m = nn.Sequential(first().train(first_mode), norm().train(bn_mode))
        same = first_mode == bn_mode
        message = "Fusion only for eval!" if same else f"^{name} and BN both"
        with pytest.raises(AssertionError, match=message):
            tq.fuse_modules(m, ["0", "1"])
        if not same:
            with pytest.raises(AssertionError, match=f"^{name} and BN both"):
                tq.fuse_modules_qat(m, ["0", "1"])
    # fuse_modules folds the BatchNorm in: a deep copy of the first module,
    # in eval like it; the Identity in the BatchNorm's place copies its flag
    m = nn.Sequential(first().eval(), norm().eval())
    fused = tq.fuse_modules(m, ["0", "1"])
    assert type(fused[0]) is type(m[0]) and fused[0] is not m[0]
    assert fused[0].training is False
    assert isinstance(fused[1], nn.Identity) and fused[1].training is False
for mode in (True, False):  # fuse_modules_qat: either shared mode
    m = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2)).train(mode)
    fused = tq.fuse_modules_qat(m, ["0", "1"])
    assert isinstance(fused[0], nni.LinearBn1d) and fused[0].training
    assert fused[1].training is mode  # the Identity copies the Linear's flag
    m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2)).train(mode)
    assert isinstance(tq.fuse_modules_qat(m, ["0", "1"])[0], nni.ConvBn2d)
    m = nn.Sequential(nn.ConvTranspose2d(1, 2, 3), nn.BatchNorm2d(2))
    with pytest.raises(Exception, match="not yet supported in QAT"):
        tq.fuse_modules_qat(m.train(mode), ["0", "1"])


def build(conv_mode, bn_mode, relu_mode):
    m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU())
    for module, mode in zip(m, (conv_mode, bn_mode, relu_mode)):
        module.train(mode)
    return m


for modes in [(True, True, True), (False, False, True), (True, False, False)]:
    same = len(set(modes)) == 1
    with pytest.raises(
        AssertionError, match="Fusion only" if same else "^Conv and BN"
    ):
        tq.fuse_modules(build(*modes), ["0", "1", "2"])
    if not same:  # a ReLU grouped with Conv and BN must share their mode
        with pytest.raises(AssertionError, match="^Conv and BN both"):
            tq.fuse_modules_qat(build(*modes), ["0", "1", "2"])
for fuse, wrapper in [
    (tq.fuse_modules, nni.ConvReLU2d),
    (tq.fuse_modules_qat, nni.ConvBnReLU2d),
]:
    for mode in (True, False) if fuse is tq.fuse_modules_qat else (False,):
        fused = fuse(build(mode, mode, mode), ["0", "1", "2"])
        assert isinstance(fused[0], wrapper) and fused[0].training  # new
        assert all(part.training is mode for part in fused[0])
        assert [fused[1].training, fused[2].training] == [mode, mode]
# no BatchNorm folded in: no mode check, in either function, any modes
for pair, wrapper in [
    ((nn.Conv2d(1, 2, 3), nn.ReLU()), nni.ConvReLU2d),
    ((nn.Linear(2, 2), nn.ReLU()), nni.LinearReLU),
    ((nn.BatchNorm2d(2), nn.ReLU()), nni.BNReLU2d),
    ((nn.BatchNorm3d(2), nn.ReLU()), nni.BNReLU3d),
]:
    for fuse in (tq.fuse_modules, tq.fuse_modules_qat):
        for modes in [(True, True), (False, True), (True, False)]:
            m = copy.deepcopy(nn.Sequential(*pair))
            for module, mode in zip(m, modes):
                module.train(mode)
            fused = fuse(m, ["0", "1"])
            assert isinstance(fused[0], wrapper) and fused[0].training
            assert [part.training for part in fused[0]] == list(modes)
            assert fused[1].training is modes[0]
assert type(out) is nni.ConvReLU2d
# --8<-- [end:check]
