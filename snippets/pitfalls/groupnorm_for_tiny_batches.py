"""GroupNorm and LayerNorm ignore the mode and the batch: a batch of one gives the same output in both modes."""

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
one_per_group = nn.GroupNorm(4, 4)(torch.randn(8, 4, 1, 1))  # no guard hit
lost = torch.allclose(one_per_group, torch.zeros(8, 4, 1, 1), atol=1e-3)
print(
    "GroupNorm(4, 4) on (8, 4, 1, 1): runs, every output is its bias 0:", lost
)
# --8<-- [end:show]

# --8<-- [start:check]
import itertools  # noqa: E402

assert lost
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

# GroupNorm's guard counts the batch too: it raises only when batch x
# channels per group x spatial positions is 1. With one value per group and
# a larger batch it runs, and each output is its bias (nothing of the input
# is left). LayerNorm has no guard: over one value it returns its bias.
for n, per_group, hw, training in itertools.product(
    (1, 2, 8), (1, 2), (1, 2), (True, False)
):
    gn = nn.GroupNorm(4, 4 * per_group).train(training)
    nn.init.uniform_(gn.bias)
    x = torch.randn(n, 4 * per_group, hw, 1) * 3 + 1
    try:
        y = gn(x)
    except ValueError as error:
        assert n * per_group * hw == 1, (n, per_group, hw)
        assert "Expected more than 1 value per channel" in str(error)
    else:
        assert n * per_group * hw > 1, (n, per_group, hw)
        bias = gn.bias.view(1, -1, 1, 1).expand_as(y)
        assert torch.allclose(y, bias, atol=1e-3) == (per_group * hw == 1)
for n in (1, 4):
    ln = nn.LayerNorm(1)
    nn.init.uniform_(ln.bias)
    out = ln(torch.randn(n, 1) * 3 + 1)
    assert torch.allclose(out, ln.bias.expand(n, 1))
# --8<-- [end:check]
