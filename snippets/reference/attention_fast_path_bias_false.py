"""MultiheadAttention with bias=False skips its fast path even in eval mode without grad, and records no reason."""

# --8<-- [start:show]
import sys

import torch
import torch.nn as nn

calls = []  # each call of the fused kernel, the fast path
kernel = torch._native_multi_head_attention
torch._native_multi_head_attention = lambda *a: calls.append(1) or kernel(*a)
recorded = []  # why_not_fast_path as each forward returns
forward = nn.MultiheadAttention.forward.__code__


def trace(frame, event, arg):  # reads forward's local variable at its return
    if frame.f_code is forward and event == "return":
        recorded.append(frame.f_locals["why_not_fast_path"])
    return trace


x = torch.ones(2, 3, 4)
print("MultiheadAttention in eval mode, no grad:")
for bias in (True, False):
    mha = nn.MultiheadAttention(4, 2, bias=bias, batch_first=True).eval()
    calls.clear()
    sys.settrace(trace)
    with torch.no_grad():
        mha(x, x, x)
    sys.settrace(None)
    print(f"  bias={bias}: fast path taken: {bool(calls)},", end=" ")
    print(f"reason recorded: {recorded[-1]!r}")
# --8<-- [end:show]

# The fast path's last test, after every recorded reason, is `if
# self.in_proj_bias is not None and self.in_proj_weight is not None`
# (torch/nn/modules/activation.py): with no bias there is no in_proj_bias, so
# the slow path runs and why_not_fast_path stays empty. Swept: bias=False and
# a biased layer whose in_proj_bias is removed, under no_grad and with grad on
# but nothing requiring it; in train mode a reason is recorded (the trace works).
# --8<-- [start:check]
import contextlib  # noqa: E402


def run(mha, context):
    calls.clear()
    recorded.clear()
    sys.settrace(trace)
    try:
        with context():
            mha(x, x, x)
    finally:
        sys.settrace(None)
    return bool(calls), recorded


for context in (torch.no_grad, contextlib.nullcontext):
    with_bias = nn.MultiheadAttention(4, 2, batch_first=True).eval()
    with_bias.requires_grad_(False)
    assert run(with_bias, context) == (True, [""]), context
    no_bias = nn.MultiheadAttention(4, 2, bias=False, batch_first=True)
    no_bias.eval().requires_grad_(False)
    removed = nn.MultiheadAttention(4, 2, batch_first=True).eval()
    removed.requires_grad_(False).in_proj_bias = None
    for mha in (no_bias, removed):
        assert mha.in_proj_bias is None
        assert run(mha, context) == (False, [""]), (context, mha)
    taken, reasons = run(no_bias.train(), context)
    assert not taken and reasons == ["training is enabled"], reasons
# --8<-- [end:check]
