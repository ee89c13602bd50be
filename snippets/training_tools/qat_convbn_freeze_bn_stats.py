"""QAT ConvBn and LinearBn1d follow their BatchNorm's flag; once frozen, model.train() leaves it in eval."""

# --8<-- [start:show]
import torch
import torch.ao.nn.intrinsic.qat as nniqat
import torch.ao.quantization as tq
import torch.nn as nn

torch.manual_seed(0)
conv_bn = nniqat.ConvBn2d(1, 2, 3, qconfig=tq.get_default_qat_qconfig())
model = nn.Sequential(conv_bn)
x = torch.randn(4, 1, 5, 5) + 3


def moved():  # do the running statistics change in one forward?
    before = conv_bn.bn.running_mean.clone()
    model(x)
    return not torch.equal(before, conv_bn.bn.running_mean)


def report(label):
    flags = f"bn {conv_bn.bn.training!s:5} conv_bn {conv_bn.training}"
    print(f"{label:28} stats move {moved()!s:5} | training: {flags}")


report("train mode:")
model.eval()
report("eval mode:")
model.train()
conv_bn.freeze_bn_stats()  # model.apply(nniqat.freeze_bn_stats): ConvBn*
model.train()  # the training loop's call
report("frozen, after model.train():")
# --8<-- [end:show]

# _ConvBnNd._forward branches on self.bn.training, not self.training: with it
# False, it normalises with the running statistics and does not run the
# BatchNorm (torch/ao/nn/intrinsic/qat/modules/conv_fused.py).
# freeze_bn_stats sets freeze_bn and bn.training = False; its train() override
# then sets its own flag but calls train() on no child while freeze_bn is set,
# so model.train() cannot reach the BatchNorm (nor the weight's FakeQuantize);
# update_bn_stats undoes it. LinearBn1d (torch/ao/nn/intrinsic/qat/modules/
# linear_fused.py), which prepare_qat makes from a fused Linear+BatchNorm1d,
# has the same forward branch, methods and train() override, but the
# module-level freeze_bn_stats and update_bn_stats (end of conv_fused.py) act
# on the six ConvBn* types only: model.apply() skips it, silently. The check
# runs each fused class, LinearBn1d included, in both grad modes.
# --8<-- [start:check]
import inspect  # noqa: E402
import warnings  # noqa: E402

assert "self.training" not in inspect.getsource(
    nniqat.ConvBn2d._forward_approximate
)
assert not torch.equal(conv_bn.weight_fake_quant.scale, torch.ones(1))
fused = [
    nniqat.ConvBn1d(1, 2, 3, qconfig=tq.get_default_qat_qconfig()),
    nniqat.ConvBn2d(1, 2, 3, qconfig=tq.get_default_qat_qconfig()),
    nniqat.ConvBn3d(1, 2, 3, qconfig=tq.get_default_qat_qconfig()),
    nniqat.ConvBnReLU1d(1, 2, 3, qconfig=tq.get_default_qat_qconfig()),
    nniqat.ConvBnReLU2d(1, 2, 3, qconfig=tq.get_default_qat_qconfig()),
    nniqat.ConvBnReLU3d(1, 2, 3, qconfig=tq.get_default_qat_qconfig()),
    nniqat.LinearBn1d(5, 2, qconfig=tq.get_default_qat_qconfig()),
]
for module in fused:
    if isinstance(module, nniqat.LinearBn1d):
        # torch leaves LinearBn1d's bias uninitialised (torch.empty in
        # ao/nn/intrinsic/qat/modules/linear_fused.py): garbage there made
        # the BatchNorm's statistics NaN in one clean-clone CI run.
        nn.init.zeros_(module.bias)
    conv_bn = module
    model = nn.Sequential(module)
    x = torch.randn((4, 1) + (5,) * (module.weight.dim() - 2)) + 3
    if isinstance(module, nniqat.LinearBn1d):
        x = torch.randn(4, 5) + 3
    for grad_on in (True, False):
        with torch.set_grad_enabled(grad_on):
            model.train()
            assert moved() and module.bn.training
            model.eval()
            assert not moved() and not module.bn.training
            module.freeze_bn_stats()
            for mode in (True, False, True):
                model.train(mode)
                assert module.training is mode and not module.bn.training
                assert not module.weight_fake_quant.training
                assert not moved()
            # update_bn_stats() sets the BatchNorm's flag to True whatever
            # the model's mode: in an eval-mode model its statistics move
            model.eval()
            module.update_bn_stats()
            assert not module.training and module.bn.training and moved()
            model.eval()  # the next eval() reaches the BatchNorm again
            assert not module.bn.training and not moved()
            module.update_bn_stats()
            model.train()
            assert moved() and module.bn.training
            module.bn.eval()  # set by hand: the forward follows it too
            assert not moved()
whole = nn.Sequential(
    nniqat.ConvBn2d(1, 2, 3, qconfig=tq.get_default_qat_qconfig()),
    nn.Sequential(
        nniqat.ConvBnReLU2d(2, 2, 1, qconfig=tq.get_default_qat_qconfig())
    ),
)
whole.apply(nniqat.freeze_bn_stats)  # every fused module, nested ones too
assert not whole.train()[0].bn.training and not whole[1][0].bn.training
whole.eval().apply(nniqat.update_bn_stats)  # in an eval-mode model too
assert whole[0].bn.training and whole[1][0].bn.training
assert not whole[0].training and not whole[1][0].training
assert "self.training" not in inspect.getsource(nniqat.LinearBn1d.forward)
with warnings.catch_warnings():  # torch.ao.quantization's deprecation
    warnings.simplefilter("ignore")
    float_model = nn.Sequential(
        tq.QuantStub(), nn.Linear(5, 2), nn.BatchNorm1d(2), tq.DeQuantStub()
    )
    float_model.qconfig = tq.get_default_qat_qconfig()
    tq.fuse_modules_qat(float_model, [["1", "2"]], inplace=True)
    model = tq.prepare_qat(float_model)
    linear_bn = model[1]
    assert type(linear_bn) is nniqat.LinearBn1d
    x = torch.randn(4, 5) + 3
    conv_bn = linear_bn  # what moved() watches
    model.apply(nniqat.freeze_bn_stats)  # skips LinearBn1d
    model.train()
    assert not linear_bn.freeze_bn and linear_bn.bn.training and moved()
    model.eval()
    assert not moved()
    linear_bn.freeze_bn_stats()  # the method works
    model.train()
    assert linear_bn.training and not linear_bn.bn.training and not moved()
    model.apply(nniqat.update_bn_stats)  # skips it too
    model.train()
    assert linear_bn.freeze_bn and not moved()
    linear_bn.update_bn_stats()
    model.train()
    assert linear_bn.bn.training and moved()
# --8<-- [end:check]
