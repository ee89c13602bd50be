"""Every dropout layer changes its input in train mode and returns it unchanged in eval mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
cases = [  # each layer with an input of the shape it expects: (batch, channels, *spatial)
    (nn.Dropout(), torch.randn(2, 4)),
    (nn.Dropout1d(), torch.randn(2, 4, 3)),
    (nn.Dropout2d(), torch.randn(2, 4, 3, 3)),
    (nn.Dropout3d(), torch.randn(2, 4, 3, 3, 3)),
    (nn.AlphaDropout(), torch.randn(2, 4)),
    (nn.FeatureAlphaDropout(), torch.randn(2, 4, 3, 3)),
]

print(f"{'layer':20} {'train: changed':>15} {'eval: unchanged':>16}")
for layer, x in cases:
    train_out = layer.train()(x)
    eval_out = layer.eval()(x)
    name = type(layer).__name__
    print(
        f"{name:20} {not torch.equal(train_out, x)!s:>15} {torch.equal(eval_out, x)!s:>16}"
    )
    assert not torch.equal(train_out, x), name
    assert torch.equal(eval_out, x), name
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
