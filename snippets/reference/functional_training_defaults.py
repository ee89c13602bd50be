"""The functional forms take the mode as an argument, and their defaults differ: F.dropout trains by default."""

# --8<-- [start:show]
import inspect

import torch.nn.functional as F

names = """dropout dropout1d dropout2d dropout3d alpha_dropout rrelu
feature_alpha_dropout batch_norm instance_norm multi_head_attention_forward"""
defaults = {}
for name in names.split():
    parameters = inspect.signature(getattr(F, name)).parameters
    argument = "training" if "training" in parameters else "use_input_stats"
    defaults[name] = parameters[argument].default
    print(f"F.{name:29} {argument}={defaults[name]}")

# rrelu_ is a builtin: its signature is the first line of its docstring.
signature = F.rrelu_.__doc__.strip().splitlines()[0]
defaults["rrelu_"] = signature.split("training=")[1].startswith("True")
argument = signature[signature.index("training") :].split(")")[0]
print(f"F.{'rrelu_':29} {argument}")

# The docstring of feature_alpha_dropout states another default.
lines = F.feature_alpha_dropout.__doc__.splitlines()
documented = next(line.strip() for line in lines if "training:" in line)
print("F.feature_alpha_dropout docstring:")
print("  ", documented)
# --8<-- [end:show]

# --8<-- [start:check]
expected = dict.fromkeys(
    [
        "dropout",
        "dropout1d",
        "dropout2d",
        "dropout3d",
        "multi_head_attention_forward",
    ],
    True,
)
expected |= dict.fromkeys(
    [
        "alpha_dropout",
        "feature_alpha_dropout",
        "rrelu",
        "rrelu_",
        "batch_norm",
    ],
    False,
)
expected["instance_norm"] = True  # use_input_stats: this input's statistics
assert defaults == expected

assert "Default: ``True``" in documented
# and multi_head_attention_forward does drop by default: its weights' rows
# stop summing to 1, unless told training=False
import torch  # noqa: E402

torch.manual_seed(0)
mha = torch.nn.MultiheadAttention(4, 2)
q = torch.randn(3, 1, 4)  # (L, N, E)
args = (q, q, q, 4, 2, mha.in_proj_weight, mha.in_proj_bias)
args += (None, None, False, 0.5, mha.out_proj.weight, mha.out_proj.bias)
_, weights = F.multi_head_attention_forward(*args)
assert not torch.allclose(weights.sum(-1), torch.ones(1, 3))
_, weights = F.multi_head_attention_forward(*args, training=False)
assert torch.allclose(weights.sum(-1), torch.ones(1, 3))
# --8<-- [end:check]
