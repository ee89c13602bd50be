"""QAT ConvBn reads its BatchNorm's own flag; after freeze_bn_stats, model.train() leaves that BatchNorm in eval."""

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
conv_bn.freeze_bn_stats()  # or model.apply(nniqat.freeze_bn_stats)
model.train()  # the training loop's call
report("frozen, after model.train():")
# --8<-- [end:show]

# _ConvBnNd._forward branches on self.bn.training, not self.training: with it
# False, it normalises with the running statistics and does not run the
# BatchNorm (torch/ao/nn/intrinsic/qat/modules/conv_fused.py).
# freeze_bn_stats sets freeze_bn and bn.training = False; its train() override
# then sets its own flag but calls train() on no child while freeze_bn is set,
# so model.train() cannot reach the BatchNorm (nor the weight's FakeQuantize);
# update_bn_stats undoes it. The check runs each fused class, in both grad
# modes.
# --8<-- [start:check]
assert "self.training" not in __import__("inspect").getsource(
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
]
for module in fused:
    conv_bn = module
    model = nn.Sequential(module)
    x = torch.randn((4, 1) + (5,) * (module.weight.dim() - 2)) + 3
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
whole.apply(nniqat.update_bn_stats)
assert whole[0].bn.training and whole[1][0].bn.training
# --8<-- [end:check]
