"""track_running_stats=False at construction makes eval use batch statistics; set later, eval uses old buffers."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(16, 2) * 3 + 10
built_without = nn.BatchNorm1d(2, track_running_stats=False)
switched_later = nn.BatchNorm1d(2)  # buffers 0 and 1, then switched off
switched_later.track_running_stats = False

results = {}
cases = {"at construction": built_without, "set later": switched_later}
for name, bn in cases.items():
    train_out, eval_out = bn.train()(x), bn.eval()(x)
    results[name] = (train_out, eval_out)
    means = [round(v, 2) + 0.0 for v in eval_out.mean(0).tolist()]
    print(f"track_running_stats=False {name}:")
    print("  running_mean:", bn.running_mean, "| eval output mean:", means)
    print(
        "  eval output equals train output:", torch.equal(eval_out, train_out)
    )
try:
    built_without.eval()(x[:1])  # one sample: batch statistics need two
except ValueError as error:
    print("at construction, eval mode, a batch of one -> ValueError:")
    print("  " + str(error)[:38])
    print("  " + str(error)[39:])
# --8<-- [end:show]

# --8<-- [start:check]
assert built_without.running_mean is None
assert built_without.running_var is None
train_out, eval_out = results["at construction"]
assert torch.equal(eval_out, train_out)
train_out, eval_out = results["set later"]
assert not torch.allclose(eval_out, train_out)
# set later: eval used the untouched buffers (mean 0, var 1)
expected = x / torch.sqrt(torch.tensor(1 + switched_later.eps))
assert torch.allclose(eval_out, expected)
assert torch.equal(switched_later.running_mean, torch.zeros(2))
# both grad modes
with torch.no_grad():
    assert torch.equal(built_without.eval()(x), built_without.train()(x))
# What decides is whether both buffers are None (batchnorm.py:200-203), not
# the attribute: built tracking, with both buffers then set to None, eval mode
# uses batch statistics and rejects a batch of one, though
# track_running_stats still reads True. One buffer alone is not enough.
for drop in (("running_mean", "running_var"), ("running_mean",)):
    emptied = nn.BatchNorm1d(2)
    for name in drop:
        setattr(emptied, name, None)
    assert emptied.track_running_stats
    if len(drop) == 2:
        assert torch.equal(emptied.eval()(x), emptied.train()(x))
        try:
            emptied.eval()(x[:1])
            raise AssertionError("eval mode took a batch of one")
        except ValueError as error:
            assert "Expected more than 1 value per channel" in str(error)
    else:  # eval mode normalises with the buffers: one is None: refused
        try:
            emptied.eval()(x)
            raise AssertionError("eval mode ran with one buffer None")
        except RuntimeError as error:
            assert "running_mean must be defined" in str(error), error
# --8<-- [end:check]
