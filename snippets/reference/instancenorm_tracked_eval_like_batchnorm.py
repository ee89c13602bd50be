"""In eval mode InstanceNorm with track_running_stats=True normalises with stored statistics, as BatchNorm does."""

# --8<-- [start:show]
import textwrap

import torch
import torch.nn as nn

torch.manual_seed(0)
norm = nn.InstanceNorm1d(3, track_running_stats=True)
norm(torch.randn(4, 3, 8) * 2 + 4)  # train mode: fill running_mean/var

batchnorm = nn.BatchNorm1d(3, affine=False).eval()  # same stored statistics
batchnorm.load_state_dict(norm.state_dict())

x = torch.randn(2, 3, 8) * 5 - 7  # new data, far from the stored mean
out = norm.eval()(x)
same = torch.allclose(out, batchnorm(x), atol=1e-6)
print("eval output equals BatchNorm1d's eval output, same buffers:", same)
eval_means = [round(v, 2) for v in out[0].mean(-1).tolist()]
train_means = [round(v, 2) + 0.0 for v in norm.train()(x)[0].mean(-1).tolist()]
print("mean of sample 0 per channel, eval mode: ", eval_means)
print("mean of sample 0 per channel, train mode:", train_means)
# The documented behaviour, from the installed torch's docstring:
doc = " ".join(nn.InstanceNorm1d.__doc__.split())
start = doc.index("If :attr:`track_running_stats` is set")
sentence = doc[start : doc.index(".", start) + 1]
print(textwrap.fill(sentence, 78, initial_indent="  ", subsequent_indent="  "))
# --8<-- [end:show]

# --8<-- [start:check]
assert torch.allclose(out, batchnorm(x), atol=1e-6)
assert (out[0].mean(-1).abs() > 1).all()  # not normalised per sample
assert "used for normalization during evaluation" in sentence
for cls, shape in (
    (nn.InstanceNorm2d, (2, 3, 4, 2)),
    (nn.InstanceNorm3d, (2, 3, 2, 2, 2)),
):
    layer = cls(3, track_running_stats=True)
    layer(torch.randn(shape) + 4)
    bn = getattr(nn, cls.__name__.replace("Instance", "Batch"))(
        3, affine=False
    )
    bn.load_state_dict(layer.state_dict())
    y = torch.randn(shape) * 5 - 7
    assert torch.allclose(layer.eval()(y), bn.eval()(y), atol=1e-6)
# --8<-- [end:check]
