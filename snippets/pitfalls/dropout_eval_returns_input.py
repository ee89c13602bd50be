"""Dropout returns its very input in eval mode, at p=0 and with inplace=True: in-place ops then change the input."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.zeros(3)
for p, mode, inplace in [
    (0.5, "train", False),
    (0.5, "eval", False),
    (0.0, "train", False),
    (0.5, "train", True),  # drops into x itself, and returns it
]:
    dropout = nn.Dropout(p, inplace=inplace).train(mode == "train")
    label = f"Dropout(p={p}{', inplace=True' if inplace else ''}), {mode}"
    print(f"{label}: output is input:", dropout(x) is x)

out = nn.Dropout(0.5).eval()(x)
out.add_(1)  # in place on the "output"
print("x after out.add_(1):", x.tolist())

safe = nn.Dropout(0.5).eval()(x).clone()  # clone if the input must survive
safe.add_(1)
print("x after clone().add_(1):", x.tolist())
# --8<-- [end:show]

# --8<-- [start:check]
import itertools  # noqa: E402
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message=".*Dropout2d.*")  # (C, H, W) input
assert x.tolist() == [1.0, 1.0, 1.0]  # changed once, by out.add_(1) only
shapes = {  # batched, unbatched (no batch dimension), empty
    nn.Dropout: [(2, 3), (3,), (0, 3)],
    nn.Dropout1d: [(2, 3, 4), (3, 4), (0, 3, 4)],
    nn.Dropout2d: [(2, 3, 4, 4), (3, 4, 4), (0, 3, 4, 4)],
    nn.Dropout3d: [(2, 3, 2, 2, 2), (3, 2, 2, 2), (0, 3, 2, 2, 2)],
    nn.AlphaDropout: [(2, 3), (3,), (0, 3)],
    nn.FeatureAlphaDropout: [(2, 3, 4), (0, 3, 4)],
}
unbatched_dims = {nn.Dropout1d: 2, nn.Dropout3d: 4}  # these add a dimension
alpha = (nn.AlphaDropout, nn.FeatureAlphaDropout)


def relation(out, x):
    if out is x:
        return "input"
    same = out.untyped_storage().data_ptr() == x.untyped_storage().data_ptr()
    return "view" if same and out.numel() else "new"


for (cls, cases), p, training, grad, inplace in itertools.product(
    shapes.items(), (0.0, 0.3, 1.0), (True, False), (True, False), (1, 0)
):
    for shape in cases:
        x = torch.randn(shape) + 5  # no zeros
        before = x.clone()
        with torch.set_grad_enabled(grad):
            out = cls(p, inplace=bool(inplace)).train(training)(x)
        idle = not training or p == 0.0 or x.numel() == 0
        if idle:  # the input, or a view of it for unbatched 1d/3d input
            unbatched = x.dim() == unbatched_dims.get(cls)
            want = "view" if unbatched and not inplace else "input"
        elif inplace and cls not in alpha:  # drops into the input itself
            want = "input"
        else:
            want = "new"
        assert relation(out, x) == want, (cls, shape, p, training, inplace)
        changed = not torch.equal(x, before)
        assert changed == (not idle and want == "input"), (cls, shape, p)
# --8<-- [end:check]
