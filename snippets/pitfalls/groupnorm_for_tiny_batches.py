"""GroupNorm and LayerNorm ignore the mode and the rest of the batch, so a batch of one works in both modes."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
layers = {
    "GroupNorm(2, 4) on (1, 4, 1, 1)": (nn.GroupNorm(2, 4), (1, 4, 1, 1)),
    "LayerNorm(4) on (1, 4)": (nn.LayerNorm(4), (1, 4)),
}
for name, (layer, shape) in layers.items():
    x = torch.randn(shape)
    train_out = layer.train()(x)
    eval_out = layer.eval()(x)
    print(f"{name}: train == eval: {torch.equal(train_out, eval_out)}")
    print("  output:", [round(v, 3) for v in eval_out.flatten().tolist()])
# --8<-- [end:show]

# --8<-- [start:check]
# Same output in both modes and both grad modes, for a batch of one and
# for the same sample inside a larger batch.
cases = [
    (nn.GroupNorm(2, 4), (1, 4, 1, 1)),
    (nn.GroupNorm(1, 4), (1, 4, 3)),
    (nn.GroupNorm(4, 4), (1, 4, 2, 2, 2)),
    (nn.LayerNorm(4), (1, 4)),
    (nn.LayerNorm([4, 2]), (1, 3, 4, 2)),
]
for layer, shape in cases:
    x = torch.randn(shape)
    batch = torch.cat([x, torch.randn((7, *shape[1:])) * 5 + 3])
    outs = []
    for training in (True, False):
        for grad in (True, False):
            with torch.set_grad_enabled(grad):
                layer.train(training)
                outs += [layer(x), layer(batch)[:1]]
    assert all(torch.allclose(out, outs[0], atol=1e-6) for out in outs)
    assert torch.equal(outs[0], outs[2]) and not outs[0].eq(0).all()

# One value per group (GroupNorm(4, 4) on a 1x1 map) raises BatchNorm's error.
for training in (True, False):
    try:
        nn.GroupNorm(4, 4).train(training)(torch.randn(1, 4, 1, 1))
    except ValueError as error:
        assert "Expected more than 1 value per channel" in str(error)
    else:
        raise AssertionError("GroupNorm accepted one value per group")
# --8<-- [end:check]
