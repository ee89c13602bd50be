"""Tensors allocated under inference_mode() are marked and cannot be used in autograd later; clone() or no_grad() avoids this."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
encoder, head = (
    nn.Linear(4, 4),
    nn.Linear(4, 1),
)  # a frozen encoder feeding a trainable head
x = torch.randn(2, 4)

with torch.inference_mode():
    features = encoder(x)  # a new tensor: an inference tensor
    row = x[0]  # a view of a normal tensor: normal, like x
print(
    "features.is_inference():",
    features.is_inference(),
    "| x[0] taken inside: is_inference()",
    row.is_inference(),
)
try:
    print("features._version:", features._version)
except RuntimeError as error:
    print("features._version -> RuntimeError:", error)
else:
    raise AssertionError("an inference tensor has a version counter")

try:
    head(features).sum().backward()
except RuntimeError as error:
    print("head(features) -> RuntimeError:", error)
else:
    raise AssertionError("an inference tensor was saved for backward")

try:
    features.add_(1)
except RuntimeError as error:
    print("features.add_(1) -> RuntimeError:", error)
else:
    raise AssertionError(
        "an inference tensor was updated in place outside inference mode"
    )

head(features.clone()).sum().backward()  # the clone is a normal tensor
print(
    "head(features.clone()) backward: ok, head.weight.grad set",
    head.weight.grad is not None,
)

with torch.no_grad():
    plain = encoder(x)  # no graph either, but a normal tensor
head(plain).sum().backward()
print(
    "no_grad() features: is_inference()",
    plain.is_inference(),
    "| backward: ok",
)
# --8<-- [end:show]

# --8<-- [start:check]
assert features.is_inference() and not row.is_inference()

assert head.weight.grad is not None and not plain.is_inference()
# --8<-- [end:check]
