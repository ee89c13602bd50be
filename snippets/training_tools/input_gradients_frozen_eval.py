"""A model in eval mode with requires_grad_(False) gives input gradients, changing no buffer; no_grad gives none."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Sequential(
    nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Dropout(0.5), nn.Linear(8, 3)
).eval()
model.requires_grad_(False)  # frozen: no parameter records a gradient
before = {name: b.clone() for name, b in model.named_buffers()}
x = torch.randn(2, 4)


def saliency():
    image = x.clone().requires_grad_()
    model(image)[:, 0].sum().backward()  # gradient of class 0's score
    return image.grad


first, second = saliency(), saliency()
print("input gradient:", first[0].round(decimals=3))
print("same twice (no dropout in eval):", torch.equal(first, second))
print("parameter grads:", [p.grad for p in model.parameters()])
unchanged = all(torch.equal(b, before[n]) for n, b in model.named_buffers())
print("buffers unchanged:", unchanged)
with torch.no_grad():
    image = x.clone().requires_grad_()
    try:
        model(image)[:, 0].sum().backward()
    except RuntimeError as error:
        print("under no_grad, RuntimeError:\n ", error)
# --8<-- [end:show]


# eval() and requires_grad_(False) touch no grad mode: autograd records every
# op whose input requires grad, here the image. The check sweeps one layer of
# each family that reads the flag, in a model put in eval mode, and in a model
# whose modules are in mixed modes (BatchNorm in eval, the rest in train).
# On CUDA an RNN in eval mode refuses backward (cuDNN): see the FAQ; not run.
# --8<-- [start:check]
families = [
    nn.Dropout(0.5),
    nn.Dropout1d(0.5),
    nn.Dropout2d(0.5),
    nn.Dropout3d(0.5),
    nn.AlphaDropout(0.5),
    nn.FeatureAlphaDropout(0.5),
    nn.BatchNorm1d(4),
    nn.BatchNorm1d(4, track_running_stats=False),
    nn.InstanceNorm1d(4, track_running_stats=True),
    nn.RReLU(),
]
seq_families = [  # these take a (batch, seq, feature) input
    nn.RNN(4, 4, num_layers=2, dropout=0.5, batch_first=True),
    nn.LSTM(4, 4, num_layers=2, dropout=0.5, batch_first=True),
    nn.GRU(4, 4, num_layers=2, dropout=0.5, batch_first=True),
    nn.MultiheadAttention(4, 2, dropout=0.5, batch_first=True),
    nn.TransformerEncoderLayer(4, 2, 8, dropout=0.5, batch_first=True),
    nn.TransformerDecoderLayer(4, 2, 8, dropout=0.5, batch_first=True),
]


class Block(nn.Module):  # a Linear, then the layer, whatever its signature
    def __init__(self, layer, width):
        super().__init__()
        self.linear, self.layer = nn.Linear(width, width), layer

    def forward(self, t):
        t = self.linear(t)
        if isinstance(self.layer, nn.MultiheadAttention):
            return self.layer(t, t, t)[0]
        if isinstance(self.layer, nn.TransformerDecoderLayer):
            return self.layer(t, t)
        out = self.layer(t)
        return out[0] if isinstance(out, tuple) else out


shapes = {nn.Dropout2d: (3, 4, 5, 6), nn.Dropout3d: (3, 4, 2, 5, 6)}
for layer in families + seq_families:
    seq = layer in seq_families
    shape = (3, 5, 4) if seq else shapes.get(type(layer), (3, 4, 6))
    inputs = torch.randn(shape)
    weight = torch.linspace(-1, 1, shape[-1])  # a LayerNorm'd output sums to 0
    block = Block(layer, 4 if seq else 6)
    for mixed in (False, True):
        block.eval().requires_grad_(False)
        if mixed:  # the layer in train mode, the Linear in eval
            layer.train()
        saved = {n: b.clone() for n, b in block.named_buffers()}
        grads = []
        for _ in range(2):
            t = inputs.clone().requires_grad_()
            (block(t) * weight).sum().backward()
            assert t.grad is not None and t.grad.abs().sum() > 0, layer
            grads.append(t.grad)
        assert all(p.grad is None for p in block.parameters())
        if not mixed:  # eval: deterministic, no running statistic moves
            assert torch.equal(grads[0], grads[1]), layer
            for n, b in block.named_buffers():
                assert torch.equal(b, saved[n]), (layer, n)
        with torch.no_grad():
            assert not block(inputs.clone().requires_grad_()).requires_grad
assert first.abs().sum() > 0 and unchanged
assert all(p.grad is None for p in model.parameters())
# A layer that draws random numbers in eval mode too: the pooling regions of
# FractionalMaxPool2d/3d change from call to call, and so does the gradient.
for pool, shape in (
    (nn.FractionalMaxPool2d(2, output_ratio=0.6), (1, 2, 24, 24)),
    (nn.FractionalMaxPool3d(2, output_ratio=0.6), (1, 2, 16, 16, 16)),
):
    frozen = nn.Sequential(nn.Identity(), pool).eval().requires_grad_(False)
    inputs = torch.randn(shape)
    grads = []
    for _ in range(2):
        t = inputs.clone().requires_grad_()
        frozen(t).sum().backward()
        grads.append(t.grad)
    assert not torch.equal(grads[0], grads[1]), pool


class AlwaysDrops(nn.Module):  # code of your own: a dropout that ignores eval
    def forward(self, t):
        return nn.functional.dropout(t, 0.5, training=True)


frozen = nn.Sequential(nn.Linear(6, 6), AlwaysDrops()).eval()
frozen.requires_grad_(False)
inputs = torch.randn(3, 6)
grads = []
for _ in range(2):
    t = inputs.clone().requires_grad_()
    frozen(t).sum().backward()
    grads.append(t.grad)
assert not torch.equal(grads[0], grads[1])
# --8<-- [end:check]
