"""InstanceNorm ignores the mode by default; with track_running_stats=True eval mode uses running statistics."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(2, 3, 8) * 2 + 4  # (N, C, L): 3 channels with mean near 4
cases = {
    nn.InstanceNorm1d: x,
    nn.InstanceNorm2d: x.view(2, 3, 4, 2),
    nn.InstanceNorm3d: x.view(2, 3, 2, 2, 2),
}
same = {}
print("eval output equals train output?")
for cls, shaped in cases.items():
    for track in (False, True):
        layer = cls(3, track_running_stats=track)
        train_out, eval_out = layer.train()(shaped), layer.eval()(shaped)
        same[cls, track] = torch.equal(train_out, eval_out)
    print(
        f"  {cls.__name__}: default {same[cls, False]},",
        f"track_running_stats=True {same[cls, True]}",
    )
lazy = nn.LazyInstanceNorm1d()  # the lazy classes have other defaults
print("LazyInstanceNorm1d():", f"affine={lazy.affine},",
      f"track_running_stats={lazy.track_running_stats}")  # fmt: skip
# --8<-- [end:show]

# --8<-- [start:check]
for grad in (True, False):
    with torch.set_grad_enabled(grad):
        for cls, shaped in cases.items():
            default = cls(3)
            assert torch.equal(default.train()(shaped), default.eval()(shaped))
            assert default.running_mean is None
            layer = cls(3, track_running_stats=True)
            assert not torch.equal(layer.train()(shaped), layer.eval()(shaped))
            # eval mode normalised with the buffers the train step filled
            shape = (1, 3) + (1,) * (shaped.dim() - 2)
            mean = layer.running_mean.view(shape)
            var = layer.running_var.view(shape)
            expected = (shaped - mean) / torch.sqrt(var + layer.eps)
            assert torch.allclose(layer.eval()(shaped), expected, atol=1e-5)
assert all(same[cls, False] and not same[cls, True] for cls in cases)
# The defaults: InstanceNorm*d keeps no running statistics and has no weight;
# LazyInstanceNorm*d has both, so built with defaults it uses running
# statistics in eval mode, as BatchNorm does.
for cls, shaped in cases.items():
    regular, lazy = cls(3), getattr(nn, f"Lazy{cls.__name__}")()
    assert not regular.affine and not regular.track_running_stats, cls
    assert lazy.affine and lazy.track_running_stats, lazy
    lazy.train()(shaped)  # materialises it, fills the running statistics
    assert [n for n, _ in lazy.named_parameters()] == ["weight", "bias"]
    assert not torch.equal(lazy.train()(shaped), lazy.eval()(shaped)), cls
    one = shaped[(0, slice(None)) + (slice(1),) * (shaped.dim() - 2)][None]
    assert one.shape[2:].numel() == 1
    lazy.eval()(one)  # one value per channel: fine with running statistics
# The attribute set after construction: forward decides by
# use_input_stats = training or not track_running_stats, and passes the
# buffers there are (modules/instancenorm.py:61).
for cls, shaped in cases.items():
    late_off = cls(3, track_running_stats=True).eval()
    late_off.track_running_stats = False  # built tracking, switched off
    with torch.no_grad():
        out = late_off(shaped)
    assert torch.allclose(out, cls(3)(shaped), atol=1e-6)  # input statistics
    assert not torch.equal(late_off.running_mean, torch.zeros(3))  # updated
    late_on = cls(3).eval()
    late_on.track_running_stats = True  # built without, switched on
    try:
        late_on(shaped)
        raise AssertionError("eval forward without running statistics")
    except RuntimeError as error:
        assert str(error).startswith(
            "Expected running_mean and running_var to be defined"
        ), error
    late_on.train()(shaped)  # train mode uses the input's statistics: fine
# momentum=None, BatchNorm's cumulative average, is passed as 0.0
# (modules/instancenorm.py:62): the running statistics never move, and eval
# mode normalises with the initial 0 and 1. num_batches_tracked never counts,
# whatever the momentum.
for cls, shaped in cases.items():
    lazy_cls = getattr(nn, f"Lazy{cls.__name__}")
    for layer in (cls(3, momentum=None, track_running_stats=True),
                  lazy_cls(momentum=None)):  # fmt: skip
        for _ in range(2):
            layer.train()(shaped)
        assert torch.equal(layer.running_mean, torch.zeros(3)), layer
        assert torch.equal(layer.running_var, torch.ones(3)), layer
        assert layer.num_batches_tracked == 0
        expected = shaped / torch.sqrt(torch.tensor(1 + layer.eps))
        if layer.affine:
            shape = (1, 3) + (1,) * (shaped.dim() - 2)
            w, b = layer.weight.view(shape), layer.bias.view(shape)
            expected = expected * w + b
        assert torch.allclose(layer.eval()(shaped), expected, atol=1e-5)
    counted = cls(3, track_running_stats=True)
    counted.train()(shaped)
    assert counted.num_batches_tracked == 0
    assert not torch.equal(counted.running_mean, torch.zeros(3))  # it moved
# ...for finite input: a nan in a train batch leaves nan in its channel.
spoiled = nn.InstanceNorm1d(3, momentum=None, track_running_stats=True)
batch = torch.randn(2, 3, 5)
batch[0, 0, 0] = float("nan")
spoiled.train()(batch)
assert spoiled.running_mean[0].isnan() and spoiled.running_var[0].isnan()
assert not spoiled.running_mean[1:].isnan().any()
# So does a finite input whose variance overflows float32 (values near 1e25).
spoiled = nn.InstanceNorm1d(2, momentum=None, track_running_stats=True)
huge = torch.randn(2, 2, 5)
huge[:, 0] *= 1e25
spoiled.train()(huge)
assert huge.isfinite().all() and spoiled.running_var[0].isnan()
assert spoiled.running_var[1] == 1
# The statistics of a float16 input are computed in float32 on CPU in 2.8.0
# and later: a variance float16 cannot hold (about 4.8e9 here) leaves them
# unchanged; on 2.4.1 the same batch leaves nan.
half = nn.InstanceNorm1d(1, momentum=None, track_running_stats=True).half()
wide = torch.tensor([[[60000.0, -60000.0, 60000.0, -60000.0]]]).half()
assert torch.isinf(wide.float().var().half())
half.train()(wide)
if torch.__version__ >= (2, 8):
    assert half.running_var.item() == 1 and half.running_mean.item() == 0
else:
    assert half.running_var.isnan().all()
bn = nn.BatchNorm1d(3, momentum=None)
bn(x)
assert bn.num_batches_tracked == 1 and not torch.equal(
    bn.running_mean, torch.zeros(3)
)
# One spatial element: the input's statistics need more than one, so a layer
# that uses them raises (the default in both modes, its eval-mode message
# also saying "when training"); a tracking one in train mode only.
for cls, shaped in cases.items():
    one = shaped[(slice(1), slice(None)) + (slice(1),) * (shaped.dim() - 2)]
    assert one.shape[2:].numel() == 1
    for track, mode in ((False, True), (False, False), (True, True),
                        (True, False)):  # fmt: skip
        layer = cls(3, track_running_stats=track).train(mode)
        try:
            layer(one)
            raised = False
        except ValueError as error:
            assert "Expected more than 1 spatial element when training" in str(
                error
            ), error
            raised = True
        assert raised == (mode or not track), (cls, track, mode)
    # a batch of one sample with more than one spatial element is fine
    for track in (False, True):
        layer = cls(3, track_running_stats=track).train()
        assert layer(shaped[:1]).shape == shaped[:1].shape
# --8<-- [end:check]
