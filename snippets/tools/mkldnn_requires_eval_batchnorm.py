"""to_mkldnn refuses a BatchNorm2d in train mode, whatever the root's mode; the layer it makes computes in eval."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm2d(4)
bn(torch.randn(8, 4, 5, 5) * 2 + 1)  # running statistics other than 0 and 1
x = torch.randn(2, 4, 5, 5)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # TorchScript layers: deprecated (2.12 on)
    from torch.utils import mkldnn

    model = nn.Sequential(bn).eval()
    bn.train()  # BatchNorm2d in train, model in eval
    try:
        mkldnn.to_mkldnn(model)
    except AssertionError as error:
        print("BatchNorm2d train, model eval -> AssertionError:\n ", error)
    model.train()
    bn.eval()  # BatchNorm2d in eval, model in train
    converted = mkldnn.to_mkldnn(model)[0]
    out = converted(x.to_mkldnn()).to_dense()
    out_after_train = converted.train()(x.to_mkldnn()).to_dense()
deprecated = [w for w in caught if "deprecated" in str(w.message)]
print("torch.utils.mkldnn gave a deprecation warning:", bool(deprecated))
print("BatchNorm2d eval, model train ->", type(converted).__name__)
print("  output == eval BatchNorm2d's:", torch.allclose(out, bn(x), atol=1e-6))
print("  after .train(): training =", converted.training, end=", ")
print("same output:", torch.equal(out_after_train, out))
# --8<-- [end:show]

# MkldnnBatchNorm checks the flag of the BatchNorm it converts (utils/
# mkldnn.py), not the root's, and refuses one without running statistics or
# without affine parameters; its forward calls torch.batch_norm with
# training=False. BatchNorm1d is not converted at all. to_mkldnn replaces
# the children of the model it is given in place.
# --8<-- [start:check]
# The deprecation warning is new in a release after 2.8: 2.12.1 warns,
# 2.8.0 and 2.4.1 do not. The mode asserts below hold on every release.
warns = torch.__version__ >= (2, 12)
assert (
    deprecated and len(deprecated) == len(caught) if warns else not deprecated
), (torch.__version__, [str(w.message) for w in caught])


def refused(error, message):  # 2.8 and older refuse with a bare assert
    return message in str(error) if warns else str(error) == ""


assert torch.allclose(out, bn(x), atol=1e-6)
assert converted.training and torch.equal(out_after_train, out)
assert torch.equal(converted.running_mean.to_dense(), bn.running_mean)
assert model[0] is converted  # the model itself was changed
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*deprecated")
    bn3d = nn.BatchNorm3d(2)
    try:
        mkldnn.to_mkldnn(bn3d.train())
        raise AssertionError("to_mkldnn accepted a BatchNorm3d in train mode")
    except AssertionError as error:
        assert refused(error, "eval mode"), error
    bn1d = nn.BatchNorm1d(2).train()
    assert mkldnn.to_mkldnn(nn.Sequential(bn1d))[0] is bn1d  # left as it is
    # An eval BatchNorm2d is refused too without running stats or affine.
    for kwargs in ({"track_running_stats": False}, {"affine": False}):
        try:
            mkldnn.to_mkldnn(nn.BatchNorm2d(4, **kwargs).eval())
            raise AssertionError(f"to_mkldnn accepted {kwargs}")
        except AssertionError as error:
            assert refused(error, f"Only support {next(iter(kwargs))}=True")
    # Only BatchNorm2d and BatchNorm3d (and subclasses) are checked: an
    # uninitialised LazyBatchNorm2d and a SyncBatchNorm in train mode are
    # left as they are.
    lazy = nn.LazyBatchNorm2d()
    for other in (lazy, nn.SyncBatchNorm(4)):
        assert mkldnn.to_mkldnn(nn.Sequential(other.train()))[0] is other
    lazy(torch.randn(2, 4, 3, 3))  # its first batch makes it a BatchNorm2d
    assert type(lazy) is nn.BatchNorm2d
    try:
        mkldnn.to_mkldnn(lazy)
        raise AssertionError("to_mkldnn accepted a BatchNorm2d in train mode")
    except AssertionError as error:
        assert refused(error, "eval mode"), error
# --8<-- [end:check]
