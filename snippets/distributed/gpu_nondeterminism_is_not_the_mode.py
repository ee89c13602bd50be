"""torch lists CUDA operations that are nondeterministic in the forward pass, where eval() changes none."""

# Not run on a GPU here: the lists are read from the installed torch's
# torch.use_deterministic_algorithms docstring (torch/__init__.py). Both of
# its lists are of "normally-nondeterministic operations".

# --8<-- [start:show]
import inspect
import re

import torch

doc = inspect.getdoc(torch.use_deterministic_algorithms)
fixable, throwing = doc.split("operations will throw")[:2]


def forward_cuda(text):  # entries that apply with no backward pass
    entries = re.findall(r"^\s*\* (.+)$", text, re.MULTILINE)
    entries = [e for e in entries if "CUDA" in e and "differentiate" not in e]
    return [re.sub(r":\w+:|`", "", e).split(" when")[0] for e in entries]


for title, text in (("made deterministic", fixable), ("raise", throwing)):
    names = forward_cuda(text)
    print(f"with use_deterministic_algorithms(True), {title}: {len(names)}")
    print("  e.g.", ", ".join(names[:3]))
print(
    "torch.backends.cudnn.deterministic:", torch.backends.cudnn.deterministic
)
# --8<-- [end:show]

# --8<-- [start:check]
assert len(forward_cuda(fixable)) >= 5 and len(forward_cuda(throwing)) >= 5
assert "torch.index_add" in forward_cuda(fixable)
assert "torch.Tensor.scatter_add_" in forward_cuda(fixable)
assert "torch.bincount" in forward_cuda(throwing)
# the page gives bincount's condition: a CUDA tensor with a weights tensor
bincount = " ".join(throwing.split("torch.bincount`")[1].split("*")[0].split())
assert (
    bincount == "when called on a CUDA tensor and ``weights`` tensor is given"
)
assert torch.backends.cudnn.deterministic is False  # the default
assert "training" not in doc  # the mode is no condition in either list
# --8<-- [end:check]
