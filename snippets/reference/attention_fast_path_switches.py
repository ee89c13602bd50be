"""set_fastpath_enabled(False) stops all eager attention fast paths; enable_nested_tensor=False, the encoder's."""

# --8<-- [start:show]
import warnings

import torch
import torch.nn as nn

warnings.simplefilter("ignore")  # nested tensors: a prototype-stage warning
torch.manual_seed(0)
calls = []
kernels = ["_native_multi_head_attention", "_transformer_encoder_layer_fwd"]
for name in kernels:  # count calls; forward looks them up on torch each call
    kernel = getattr(torch, name)
    setattr(torch, name, lambda *a, n=name, k=kernel: calls.append(n) or k(*a))
layer = nn.TransformerEncoderLayer(4, 2, 8, batch_first=True).eval()
x, pad = torch.randn(2, 3, 4), torch.tensor([[False, False, True]] * 2)
torch.set_grad_enabled(False)
results = {}
cases = [  # (label, enable_nested_tensor, fast path enabled), all in eval
    ("set_fastpath_enabled(False)", True, False),
    ("default", True, True),
    ("enable_nested_tensor=False", False, True),
]
for label, nested, fast in cases:
    torch.backends.mha.set_fastpath_enabled(fast)
    calls.clear()
    encoder = nn.TransformerEncoder(layer, 1, enable_nested_tensor=nested)
    layer.self_attn(x, x, x)
    out = encoder(x, src_key_padding_mask=pad)
    a, b = (name in calls for name in kernels)
    results[label] = a, b, c = a, b, bool((out[0, 2] == 0).all())  # zeros
    print(f"{label:27} fast: attention {a!s:5} layer {b!s:5} | nested {c}")
# --8<-- [end:show]

# --8<-- [start:check]
assert results["set_fastpath_enabled(False)"] == (False, False, False)
assert results["default"] == (True, True, True)
assert results["enable_nested_tensor=False"] == (True, True, False)
assert torch.backends.mha.get_fastpath_enabled()
assert not encoder.use_nested_tensor
# Eager mode only: get_fastpath_enabled() returns True while scripting
# (torch/backends/mha/__init__.py), so TorchScript code keeps the fast paths,
# the nested-tensor one included, with the switch off. A dispatch mode sees
# the aten operators that eager and scripted code call.
from torch.utils._python_dispatch import TorchDispatchMode  # noqa: E402


class Ops(TorchDispatchMode):
    def __init__(self):
        super().__init__()
        self.seen = set()

    def __torch_dispatch__(self, func, types, args=(), kwargs=None):
        self.seen.add(func.__name__.split(".")[0])
        return func(*args, **(kwargs or {}))


# put the kernels back: TorchScript cannot compile the counting lambdas
for name in kernels:
    setattr(torch, name, getattr(torch._C._VariableFunctions, name))
fast_ops = set(kernels) | {"_nested_tensor_from_mask"}
torch.backends.mha.set_fastpath_enabled(False)
for module in (layer, layer.self_attn, nn.TransformerEncoder(layer, 1)):
    scripted = torch.jit.script(module)
    for runner, expect in ((module, False), (scripted, True)):
        with Ops() as ops:
            if module is layer.self_attn:
                runner(x, x, x)
            else:
                out = runner(x, src_key_padding_mask=pad)
        assert bool(ops.seen & fast_ops) == expect, (module, expect, ops.seen)
    if isinstance(module, nn.TransformerEncoder):
        assert "_nested_tensor_from_mask" in ops.seen
        assert (out[0, 2] == 0).all()  # the scripted encoder zeroed padding
torch.backends.mha.set_fastpath_enabled(True)
# torch.jit.trace records the path the switch chose while it traced: the
# traced graph has the fused kernel only if the switch was on.
for fast in (True, False):
    torch.backends.mha.set_fastpath_enabled(fast)
    traced = torch.jit.trace(layer, x, check_trace=False)
    graph = str(traced.inlined_graph)
    assert ("_transformer_encoder_layer_fwd" in graph) == fast, fast
torch.backends.mha.set_fastpath_enabled(True)
# torch.compile and the switch. In 2.8.0 and later it compiles the layer's
# code and compiles again when the switch changes: the graphs have the fused
# kernel only while it is on, for Dynamo's graph (what backend="eager" runs)
# and for the ATen graph of an AOT backend (the default, inductor, is one).
# 2.4.1 keeps a built-in layer as one call_module node and does not guard on
# the switch: backend="eager" runs that call eagerly, reading the switch at
# every call; an AOT backend traces through it once, on the step-by-step path.
import torch._dynamo  # noqa: E402
from functorch.compile import make_boxed_func  # noqa: E402
from torch._dynamo.backends.common import aot_autograd  # noqa: E402

FUSED = "_transformer_encoder_layer_fwd"
graphs, aten_graphs = [], []


def recording_backend(graph_module, example_inputs):
    nodes = {node.op for node in graph_module.graph.nodes}
    graphs.append((FUSED in str(graph_module.graph), "call_module" in nodes))
    return graph_module.forward


def record_aten(graph_module, example_inputs):
    aten_graphs.append(FUSED in str(graph_module.graph))
    return make_boxed_func(graph_module.forward)


def fused_calls_at_run_time(fast):  # count the kernel while `compiled` runs
    kernel = getattr(torch._C._VariableFunctions, FUSED)
    seen = []
    setattr(torch, FUSED, lambda *a: seen.append(1) or kernel(*a))
    torch.backends.mha.set_fastpath_enabled(fast)
    try:
        compiled(x)
    finally:
        setattr(torch, FUSED, kernel)
        torch.backends.mha.set_fastpath_enabled(True)
    return len(seen)


for backend in (recording_backend, aot_autograd(fw_compiler=record_aten)):
    torch._dynamo.reset()
    compiled = torch.compile(layer, backend=backend)
    for fast in (True, False, True):
        torch.backends.mha.set_fastpath_enabled(fast)
        compiled(x)
    torch.backends.mha.set_fastpath_enabled(True)
    if backend is recording_backend and torch.__version__ < (2, 8):
        assert graphs == [(False, True)], graphs  # one opaque call_module
        calls = [fused_calls_at_run_time(f) for f in (True, False, True)]
        assert calls == [1, 0, 1], calls
if torch.__version__ >= (2, 8):
    assert [fused for fused, _ in graphs] == [True, False], graphs
    assert aten_graphs == [True, False], aten_graphs
else:
    assert aten_graphs == [False], aten_graphs
# A MultiheadAttention compiled on its own: from 2.12.1 no graph has its
# fused kernel, switch on or off (it refuses its fast path while tracing).
if torch.__version__ >= (2, 12):
    mha_graphs = []

    def record_mha(graph_module, example_inputs):
        mha_graphs.append(
            "_native_multi_head_attention" in str(graph_module.graph)
        )
        return graph_module.forward

    torch._dynamo.reset()
    compiled_mha = torch.compile(layer.self_attn, backend=record_mha)
    for fast in (True, False):
        torch.backends.mha.set_fastpath_enabled(fast)
        compiled_mha(x, x, x)
    torch.backends.mha.set_fastpath_enabled(True)
    assert mha_graphs and not any(mha_graphs), mha_graphs
# --8<-- [end:check]
