"""InstanceNorm ignores the mode by default; with track_running_stats=True it uses running statistics in eval mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = (
    torch.randn(2, 3, 8) * 2 + 4
)  # (N, C, L): 2 samples, 3 channels with mean near 4
cases = [
    (nn.InstanceNorm1d, x),
    (nn.InstanceNorm2d, x.view(2, 3, 4, 2)),
    (nn.InstanceNorm3d, x.view(2, 3, 2, 2, 2)),
]

print("eval output equals train output?")
for cls, shaped in cases:
    results = []
    for track in (False, True):
        layer = cls(3, track_running_stats=track)
        with torch.no_grad():
            train_out, eval_out = layer.train()(shaped), layer.eval()(shaped)
        results.append(torch.equal(train_out, eval_out))
        if track:  # eval mode normalised with the buffers the train step filled (momentum 0.1)
            mean = layer.running_mean.view(1, 3, *[1] * (shaped.dim() - 2))
            var = layer.running_var.view_as(mean)
            assert torch.allclose(
                eval_out,
                (shaped - mean) / torch.sqrt(var + layer.eps),
                atol=1e-5,
            )
    print(
        f"  {cls.__name__}: default {results[0]}, track_running_stats=True {results[1]}"
    )
    assert results == [True, False]
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
