"""jit.script follows train() and eval(); jit.trace bakes the mode in; fx.symbolic_trace bakes only inlined code."""

# --8<-- [start:show]
import warnings

import torch
import torch.fx
import torch.nn as nn
import torch.nn.functional as F

# Not what this shows: torch.jit's deprecation warnings (see the checks).
warnings.filterwarnings("ignore", message=r"`torch\.jit\.\w+` is deprecated")


class Own(nn.Module):  # a module of your own, reading its flag
    def forward(self, x):
        return F.dropout(x, 0.5, training=self.training)


torch.manual_seed(0)
x = torch.ones(64)
tools = {
    "jit.script": torch.jit.script,
    "jit.trace": lambda model: torch.jit.trace(model, x, check_trace=False),
    "fx.symbolic_trace": torch.fx.symbolic_trace,
}
print("captured in eval(), then .train():  nn.Dropout  Own")
for name, capture in tools.items():
    row = [
        "no" if torch.equal(capture(m.eval()).train()(x), x) else "drops"
        for m in (nn.Sequential(nn.Dropout(0.5)), nn.Sequential(Own()))
    ]
    print(f"  {name:33} {row[0]:11} {row[1]}")
# --8<-- [end:show]

# torch.jit.script and torch.jit.trace warn that they are deprecated on torch
# 2.12 and later (not on 2.4 or 2.8): a DeprecationWarning on 2.12 and 2.13, a
# FutureWarning from 2.14. The filter goes by the message, so it holds for
# both categories; the claim (trace bakes the mode in) holds on every release.
# --8<-- [start:check]
import itertools  # noqa: E402


def drops(model):
    return "drops" if not torch.equal(model(x), x) else "no"


# Captured in either mode, switched to the other, in both grad modes:
# script follows the flag, trace keeps the captured mode, and FX follows it
# only for built-in leaf modules (Own's forward is inlined, its flag a constant).
for (name, capture), own, captured_in in itertools.product(
    tools.items(), (False, True), (False, True)
):
    model = nn.Sequential(Own() if own else nn.Dropout(0.5)).train(captured_in)
    graph = capture(model)
    follows = name == "jit.script" or (name == "fx.symbolic_trace" and not own)
    for now in (captured_in, not captured_in):
        for grad in (True, False):
            graph.train(now)
            with torch.set_grad_enabled(grad):
                dropping = drops(graph) == "drops"
            assert dropping == (now if follows else captured_in), (
                name,
                own,
                captured_in,
                now,
            )
# --8<-- [end:check]
