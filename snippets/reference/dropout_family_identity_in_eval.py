"""With p > 0 every dropout layer changes its input in train mode and returns it unchanged in eval mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
cases = [  # each layer with an input shaped (batch, channels, *spatial)
    (nn.Dropout(), torch.randn(2, 4)),
    (nn.Dropout1d(), torch.randn(2, 4, 3)),
    (nn.Dropout2d(), torch.randn(2, 4, 3, 3)),
    (nn.Dropout3d(), torch.randn(2, 4, 3, 3, 3)),
    (nn.AlphaDropout(), torch.randn(2, 4)),
    (nn.FeatureAlphaDropout(), torch.randn(2, 4, 3, 3)),
]
results = {}
print(f"{'layer (p=0.5)':20} {'train: changed':>15} {'eval: unchanged':>16}")
for layer, x in cases:
    name = type(layer).__name__
    changed = not torch.equal(layer.train()(x), x)
    unchanged = torch.equal(layer.eval()(x), x)
    results[name] = (changed, unchanged)
    print(f"{name:20} {changed!s:>15} {unchanged!s:>16}")
# --8<-- [end:show]

# --8<-- [start:check]
assert all(changed and unchanged for changed, unchanged in results.values())
# In both grad modes, and each layer follows its own flag inside a model
# whose other modules are in the other mode.
for grad in (True, False):
    with torch.set_grad_enabled(grad):
        for layer, x in cases:
            model = nn.Sequential(nn.Identity(), layer)
            model.eval()
            layer.train()
            assert not torch.equal(model(x), x), type(layer)
            model.train()
            layer.eval()
            assert torch.equal(model(x), x), type(layer)
            # p=0 drops nothing in train mode either
            zero = type(layer)(p=0.0).train()
            assert torch.equal(zero(x), x), type(layer)
# --8<-- [end:check]
