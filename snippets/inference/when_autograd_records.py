"""Autograd records an op if grad mode is on in its thread, an input requires grad, and the op is differentiable."""

# --8<-- [start:show]
import threading

import torch

w = torch.ones(3, requires_grad=True)
plain = torch.ones(3)


def w_times_2_recorded():
    return (w * 2).requires_grad  # True when autograd recorded the op


rows = {
    "w * 2": w_times_2_recorded(),
    "plain * 2 (no input requires grad)": (plain * 2).requires_grad,
    "w.argmax() (integer result)": w.argmax().requires_grad,
    "w > 0 (comparison)": (w > 0).requires_grad,
}
with torch.no_grad():
    rows["w * 2 under no_grad()"] = w_times_2_recorded()
    with torch.enable_grad():
        rows["... in enable_grad() inside no_grad()"] = w_times_2_recorded()
    in_thread = lambda: rows.update(thread=w_times_2_recorded())  # noqa: E731
    thread = threading.Thread(target=in_thread)
    thread.start(), thread.join()
rows["... in a thread started inside no_grad()"] = rows.pop("thread")
with torch.inference_mode():
    rows["w * 2 under inference_mode()"] = w_times_2_recorded()
for name, recorded in rows.items():
    print(f"{name:42} recorded: {recorded}")
# --8<-- [end:show]

# Grad mode is per thread: a thread starts with it on, whatever the thread
# that started it had. The module's training flag is none of the conditions:
# a Linear records in both modes, and records nothing under no_grad() in both.
# A float result is not enough: a factory that takes only the input's shape,
# dtype and device (zeros_like, rand_like, new_ones) is not recorded. What
# decides is the kind of op, not whether the value depends on the input: an
# in-place fill or draw on a tensor that requires grad, and w * 0, are
# recorded, with a zero gradient.
# --8<-- [start:check]
import torch.nn as nn  # noqa: E402

expected = [True, False, False, False, False, True, True, False]
assert list(rows.values()) == expected
layer = nn.Linear(3, 1)
for training in (True, False):
    layer.train(training)
    assert layer(plain).requires_grad
    with torch.no_grad():
        assert not layer(plain).requires_grad
with torch.set_grad_enabled(False):
    assert not w_times_2_recorded()
for result in (torch.zeros_like(w), torch.rand_like(w), w.new_ones(3)):
    assert result.dtype.is_floating_point and not result.requires_grad
for fill in (
    lambda t: t.zero_(),
    lambda t: t.fill_(1.0),
    lambda t: t.uniform_(),
    lambda t: t * 0,
):
    result = fill(w.clone())
    assert result.requires_grad and result.grad_fn is not None
    (gradient,) = torch.autograd.grad(result.sum(), w)
    assert torch.equal(gradient, torch.zeros(3))
for fill in (
    lambda t: t.zero_(),
    lambda t: t.fill_(1.0),
    lambda t: t.uniform_(),
):
    try:  # on the leaf itself, in place, with grad mode on: refused
        fill(w)
    except RuntimeError as error:
        assert "a leaf Variable that requires grad" in str(error), error
    else:
        raise AssertionError("an in-place fill of a leaf ran")
try:  # integer and boolean tensors cannot require grad at all
    torch.ones(3, dtype=torch.long).requires_grad_()
except RuntimeError as error:
    assert "only Tensors of floating point" in str(error)
else:
    raise AssertionError("an integer tensor required grad")
# --8<-- [end:check]
