"""In eval mode Dropout is the identity."""

# Copy this file to snippets/<page>/<claim>.py, where <claim> names what it
# shows (dropout_identity_in_eval, not example_3). The docstring's first line
# is the one claim it proves: the page shows it as the block's caption.

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)  # seed every RNG you use

layer = nn.Dropout(p=0.5)
x = torch.ones(4)
out = layer.eval()(x)
print("eval-mode output:", out.tolist())  # labelled evidence, floats rounded
# --8<-- [end:show]

# The page shows the code above and everything it prints. What follows runs
# only in the tests (and in a collapsed block on the page): assert the claim,
# so a change in torch fails instead of silently refreshing the output.
# --8<-- [start:check]
assert torch.equal(out, x)
# --8<-- [end:check]
