"""Outside inference mode an inference tensor refuses in-place updates; a clone() or no_grad() output does not."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
encoder, head = nn.Linear(4, 4), nn.Linear(4, 1)
x = torch.randn(2, 4)
with torch.inference_mode():
    feats = encoder(x)  # allocated inside: an inference tensor
    row = x[0]  # a view of a normal tensor: stays normal
print("feats.is_inference():", feats.is_inference())
print("x[0] taken inside, is_inference():", row.is_inference())
for name, action in (
    ("feats._version", lambda: feats._version),
    ("feats.add_(1)", lambda: feats.add_(1)),
):
    try:
        action()
    except RuntimeError as error:
        print(f"{name} -> RuntimeError:\n  {str(error).split('.')[0]}")
copy = feats.clone()  # made outside inference mode: a normal tensor
head(copy).sum().backward()
print("clone: is_inference()", copy.is_inference(), "| backward ok")
with torch.no_grad():
    plain = encoder(x)  # no graph either, but a normal tensor
head(plain).sum().backward()
print("no_grad(): is_inference()", plain.is_inference(), "| backward ok")
# --8<-- [end:show]


# --8<-- [start:check]
def raises(action, message):
    try:
        action()
    except RuntimeError as error:
        return message in str(error)
    return False


assert feats.is_inference() and not row.is_inference()
assert raises(lambda: feats._version, "do not track version counter")
assert raises(lambda: feats.add_(1), "Inplace update to inference tensor")
assert raises(lambda: feats.requires_grad_(), "Setting requires_grad=True")
assert not copy.is_inference() and not plain.is_inference()
assert head.weight.grad is not None
# --8<-- [end:check]
