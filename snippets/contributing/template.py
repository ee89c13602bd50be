"""In eval mode Dropout returns its input unchanged."""

# The docstring's first line is the one claim this file proves. Copy the file
# to snippets/<page>/<claim>.py, where <claim> names what it shows
# (dropout_identity_in_eval, not example_3). Keep it small: one claim.
import torch
import torch.nn as nn

torch.manual_seed(0)  # seed every RNG you use: the output must not change between runs

layer = nn.Dropout(p=0.5)
x = torch.ones(4)

# Print labelled evidence for the reader; round floats you print.
out = layer.eval()(x)
print("eval-mode output:", out.tolist())

# Assert the claim, so a change in torch fails the tests instead of
# silently refreshing the stored output.
assert torch.equal(out, x)
