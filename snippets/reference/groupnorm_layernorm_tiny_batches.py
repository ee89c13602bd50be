"""GroupNorm and LayerNorm ignore the mode and the batch: a batch of one works, unless a group holds one value."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
batch = torch.randn(8, 4) * 3 + 2  # 8 samples, 4 features (channels)
one = batch[:1]  # a batch of one sample
layers = {
    "BatchNorm1d(4)": nn.BatchNorm1d(4),
    "GroupNorm(2, 4)": nn.GroupNorm(2, 4),
    "LayerNorm(4)": nn.LayerNorm(4),
}
results = {}
for name, layer in layers.items():
    try:
        alone = layer.train()(one)
    except ValueError as error:
        print(f"{name}, train mode, batch of one -> ValueError:")
        print(" ", str(error).replace(", got", ",\n   got"))
        continue
    same_modes = torch.equal(alone, layer.eval()(one))
    same_batch = torch.allclose(alone, layer.train()(batch)[:1], atol=1e-6)
    results[name] = (same_modes, same_batch)
    print(f"{name}, train mode, batch of one: equals eval mode: {same_modes};")
    print(f"  equals the sample's output in a batch of 8: {same_batch}")
# --8<-- [end:show]

# --8<-- [start:check]
assert "BatchNorm1d(4)" not in results  # it raised
assert results["GroupNorm(2, 4)"] == (True, True)
assert results["LayerNorm(4)"] == (True, True)
# also on images (N, C, H, W), a 1x1 map included, in both grad modes
for grad in (True, False):
    with torch.set_grad_enabled(grad):
        for shape in ((1, 4, 1, 1), (1, 4, 3, 3)):
            image = torch.randn(shape)
            for layer in (nn.GroupNorm(2, 4), nn.LayerNorm(shape[1:])):
                assert torch.equal(layer.train()(image), layer.eval()(image))
            bn = nn.BatchNorm2d(4).train()
            if shape[2] == 1:
                try:
                    bn(image)
                    raise RuntimeError("BatchNorm2d took a 1x1 batch of one")
                except ValueError:
                    pass
# The exception: a group that holds a single value (one channel per group on
# a 1x1 map, batch of one) raises BatchNorm's error, in either mode; with two
# channels per group (GroupNorm(2, 4) above) the 1x1 map works.
for groups, image in ((4, torch.randn(1, 4, 1, 1)), (3, torch.randn(1, 3))):
    for mode in ("train", "eval"):
        layer = getattr(nn.GroupNorm(groups, image.shape[1]), mode)()
        try:
            layer(image)
            raise AssertionError(f"{layer} took one value per group")
        except ValueError as error:
            assert "Expected more than 1 value per channel" in str(error)
# --8<-- [end:check]
