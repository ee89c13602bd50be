"""An inference tensor can enter recorded ops; what fails is an op that saves it for backward."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
with torch.inference_mode():
    feats = torch.randn(2, 4) * 2  # an inference tensor
w = torch.zeros(2, 4, requires_grad=True)


def backward_of(name, make_loss):
    try:
        make_loss().backward()
        print(f"{name}: backward ok")
    except RuntimeError as error:
        print(f"{name}: RuntimeError: {str(error).split('. ')[0]}")


backward_of("(w + feats).sum()", lambda: (w + feats).sum())  # saves nothing
print("  w.grad filled:", w.grad is not None)
backward_of("(w * feats).sum()", lambda: (w * feats).sum())  # saves feats
head = nn.Linear(4, 1)
head.weight.requires_grad_(False)  # only the bias trains: feats not saved
backward_of("frozen weight: Linear(feats)", lambda: head(feats).sum())
print("  bias.grad filled:", head.bias.grad is not None)
head.weight.requires_grad_(True)  # the weight's gradient needs feats
backward_of("Linear(feats)", lambda: head(feats).sum())
# --8<-- [end:show]

# --8<-- [start:check]
import contextlib  # noqa: E402
import io  # noqa: E402

with contextlib.redirect_stdout(io.StringIO()) as log:
    w.grad = None
    backward_of("add", lambda: (w + feats).sum())
    backward_of("mul", lambda: (w * feats).sum())
    backward_of("linear", lambda: head(feats).sum())
lines = log.getvalue().splitlines()
assert feats.is_inference() and torch.equal(w.grad, torch.ones(2, 4))
assert lines[0] == "add: backward ok"
saved = "RuntimeError: Inference tensors cannot be saved for backward"
assert lines[1] == f"mul: {saved}" and lines[2] == f"linear: {saved}"
assert head.bias.grad is not None
# --8<-- [end:check]
