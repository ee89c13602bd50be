"""torch.jit.trace records each module's mode at trace time, except a ScriptModule submodule's: it calls that."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.ones(8)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")  # torch.jit warns (2.12 on): deprecated
    in_eval = torch.jit.trace(nn.Sequential(nn.Dropout(0.5)).eval(), x)
    # check_trace=False: the default check reruns a random Dropout and warns
    in_train = torch.jit.trace(
        nn.Sequential(nn.Dropout(0.5)).train(), x, check_trace=False
    )
    scripted = torch.jit.script(nn.Dropout(0.5))  # a ScriptModule inside
    with_script = torch.jit.trace(nn.Sequential(scripted).eval(), x)
deprecated = [w for w in caught if "deprecated" in str(w.message)]
print("torch.jit warned that it is deprecated:", bool(deprecated))

in_eval.train()
in_train.eval()
with_script.train()
print("traced in eval, then .train(): training =", in_eval.training)
print("  output:", in_eval(x).tolist())
print("traced in train, then .eval(): training =", in_train.training)
print("  output:", in_train(x).tolist())
print("scripted Dropout inside, traced in eval, then .train():")
print("  output:", with_script(x).tolist())
# --8<-- [end:show]

# Mixed modes: a train-mode model with a frozen (eval-mode) BatchNorm. Each
# module's mode at trace time is what the traced code keeps, whatever
# .train() or .eval() is called on the traced module afterwards. A
# ScriptModule submodule is not inlined: the graph calls its forward
# (prim::CallMethod), which reads its own flag when it runs.
# --8<-- [start:check]
# The deprecation warning is new in a release after 2.8: 2.12.1 warns,
# 2.8.0 and 2.4.1 do not. The mode asserts below hold on every release.
warns = torch.__version__ >= (2, 12)
assert (
    deprecated and len(deprecated) == len(caught) if warns else not deprecated
), (torch.__version__, [str(w.message) for w in caught])
assert in_eval.training and torch.equal(in_eval(x), x)  # still the identity
assert not in_train.training and not torch.equal(in_train(x), x)  # dropping
assert "prim::CallMethod" in str(with_script.graph)
assert not torch.equal(with_script(x), x)  # follows .train()
assert torch.equal(with_script.eval()(x), x)  # and .eval()

mixed = nn.Sequential(nn.BatchNorm1d(8), nn.Dropout(0.5)).train()
mixed[0].eval()
batch = torch.randn(4, 8) * 3 + 2
with warnings.catch_warnings(record=True) as checked:
    warnings.simplefilter("always")
    traced = torch.jit.trace(mixed, batch, check_trace=False)
    torch.jit.trace(nn.Sequential(nn.Dropout(0.5)).train(), x)  # checked
tracer = [
    w for w in checked if issubclass(w.category, torch.jit.TracerWarning)
]
assert tracer and "does not match" in str(tracer[0].message)
for switch in (traced.train, traced.eval):
    switch()
    out = traced(batch)
    assert (out == 0).any()  # the Dropout still drops, as in train mode
    running_mean = getattr(traced, "0").running_mean
    assert torch.equal(running_mean, torch.zeros(8))  # BN: eval
    with torch.no_grad():
        kept = out != 0
        assert torch.allclose(out[kept], 2 * mixed[0](batch)[kept])
assert mixed.training and not mixed[0].training  # the model is untouched
# --8<-- [end:check]
