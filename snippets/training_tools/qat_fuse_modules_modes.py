"""fuse_modules needs Conv and BatchNorm in eval mode; fuse_modules_qat needs them in one shared mode."""

# --8<-- [start:show]
import warnings

import torch.ao.quantization as tq
import torch.nn as nn


def attempt(label, fuse, *modes):
    m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU())
    for module, mode in zip(m, modes):
        module.train(mode)
    try:
        out = fuse(m, ["0", "1", "2"])[0]
        print(f"{label}: {type(out).__name__}, training={out.training}")
    except AssertionError as error:
        print(f"{label}:\n  AssertionError: {error}")


attempt("fuse_modules, train", tq.fuse_modules, True, True, True)
attempt("fuse_modules, eval", tq.fuse_modules, False, False, False)
attempt("fuse_modules_qat, train", tq.fuse_modules_qat, True, True, True)
attempt("fuse_modules_qat, eval", tq.fuse_modules_qat, False, False, False)
attempt(
    "fuse_modules_qat, Conv in eval", tq.fuse_modules_qat, False, True, True
)
# --8<-- [end:show]

# fuse_conv_bn (torch/ao/quantization/fuser_method_mappings.py) first refuses
# a Conv and BatchNorm (and ReLU, if grouped) in different modes; with is_qat=False (fuse_modules) it
# then calls nn.utils.fuse_conv_bn_eval, which refuses either in train mode.
# The fused module is a new nn.Sequential subclass, in train mode whatever
# the modes of the parts it holds. Neither function warns.
# --8<-- [start:check]
import pytest  # noqa: E402
import torch.ao.nn.intrinsic as nni  # noqa: E402


def build(conv_mode, bn_mode):
    m = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU())
    m[0].train(conv_mode)
    m[1].train(bn_mode)
    m[2].train(bn_mode)  # a ReLU in the group must share the mode too
    return m


warnings.simplefilter("error")  # neither fusion function warns
for conv_mode, bn_mode in [(True, True), (True, False), (False, True)]:
    same = conv_mode == bn_mode
    message = "Fusion only for eval!" if same else "same mode"
    for group in (["0", "1"], ["0", "1", "2"]):
        with pytest.raises(AssertionError, match=message):
            tq.fuse_modules(build(conv_mode, bn_mode), group)
        if not same:
            with pytest.raises(AssertionError, match="same mode"):
                tq.fuse_modules_qat(build(conv_mode, bn_mode), group)
eval_fused = tq.fuse_modules(build(False, False), ["0", "1", "2"])
assert isinstance(eval_fused[0], nni.ConvReLU2d)  # BatchNorm folded in
assert eval_fused[0].training is True  # a new module
assert [eval_fused[0][0].training, eval_fused[0][1].training] == [False, False]
relu_differs = build(False, False)
relu_differs[2].train()  # Conv and BatchNorm agree, the ReLU does not
for fuse in (tq.fuse_modules, tq.fuse_modules_qat):
    with pytest.raises(AssertionError, match="same mode"):
        fuse(relu_differs, ["0", "1", "2"])
for mode in (True, False):  # fuse_modules_qat accepts either shared mode
    fused = tq.fuse_modules_qat(build(mode, mode), ["0", "1", "2"])
    assert isinstance(fused[0], nni.ConvBnReLU2d)
    assert fused[0].training is True  # a new module
    assert [fused[0][0].training, fused[0][1].training] == [mode, mode]
# --8<-- [end:check]
