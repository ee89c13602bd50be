"""SummaryWriter.add_graph traces every module in eval mode, then sets all of them to the root's old mode."""

# --8<-- [start:show]
import io
import tempfile
import warnings
from contextlib import redirect_stdout, suppress

import torch
import torch.nn as nn
from torch.utils.tensorboard import SummaryWriter

warnings.filterwarnings("ignore", "`torch.jit.trace")  # 2.14: deprecated
MODE = ("eval", "train")
seen = set()  # the modes the layers run in while add_graph traces them
model = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Dropout(0.5))
for layer in model:
    layer.register_forward_pre_hook(lambda m, _: seen.add(MODE[m.training]))
model[1].eval()  # a frozen BatchNorm in a train-mode model
print("modes of      [Sequential, Linear, BatchNorm1d, Dropout]")
print("before:      ", [MODE[m.training] for m in model.modules()])
with tempfile.TemporaryDirectory() as logdir, SummaryWriter(logdir) as writer:
    writer.add_graph(model, torch.randn(3, 4))
    print("traced in:   ", sorted(seen))
    print("after:       ", [MODE[m.training] for m in model.modules()])
    model.eval()
    model[2].train()  # Monte Carlo dropout: an eval model, its Dropout on
    print("before:      ", [MODE[m.training] for m in model.modules()])
    printed = io.StringIO()  # add_graph prints the error, then raises it
    with redirect_stdout(printed), suppress(RuntimeError):
        writer.add_graph(model, torch.randn(3, 5))  # wrong input size
    print("failed trace:", printed.getvalue().splitlines()[-1])
    print("after:       ", [MODE[m.training] for m in model.modules()])
# --8<-- [end:show]

# The filter: torch 2.14 warns that torch.jit.trace (and trace_method), which
# add_graph runs, is deprecated; the note is not about modes.
# add_graph calls graph() (torch/utils/tensorboard/_pytorch_graph.py), which
# traces with torch.jit.trace inside _set_model_to_eval: that saves
# model.training, the root's flag, calls model.train(False), and in a finally
# block model.train(saved). Both calls are recursive, so every module is
# traced in eval and then gets the root's old flag, also when tracing raises.
# The check sweeps both grad modes, both roots, mixed and uniform children,
# a failing forward that raises another exception, and reads the event file:
# the graph holds Dropout's and BatchNorm's train arguments as constant 0.
# --8<-- [start:check]
from tensorboard.backend.event_processing.event_accumulator import (  # noqa: E402
    EventAccumulator,
)

assert seen == {"eval"}


class Fails(nn.Module):
    def forward(self, x):
        raise ValueError("not a RuntimeError")


def train_arguments(logdir):
    """The constants passed as the train argument of dropout and batch_norm."""
    events = EventAccumulator(logdir)
    events.Reload()
    nodes = {node.name: node for node in events.Graph().node}
    position = {"aten::dropout": 2, "aten::batch_norm": 5}
    found = {}
    for node in nodes.values():
        if node.op in position:
            constant = nodes[node.input[position[node.op]]]
            assert constant.op == "prim::Constant"
            found[node.op] = constant.attr["attr"].s.decode()
    return found


def run(root, grad_mode, failure=None):
    """add_graph on a model whose BatchNorm and Dropout are in the other mode."""
    net = nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4), nn.Dropout(0.5))
    if failure is ValueError:
        net.append(Fails())
    net.train(not root)
    net.training = root  # the root and its Linear in the mode `root`
    net[0].train(root)
    traced = []
    for module in net.modules():
        module.register_forward_pre_hook(
            lambda m, _: traced.append(m.training)
        )
    size = 5 if failure is RuntimeError else 4  # the Linear refuses 5 features
    printed = io.StringIO()
    arguments = raised = None
    with tempfile.TemporaryDirectory() as logdir:
        with (
            SummaryWriter(logdir) as writer,
            grad_mode(),
            redirect_stdout(printed),
        ):
            try:
                writer.add_graph(net, torch.randn(3, size))
            except (RuntimeError, ValueError) as error:
                raised = type(error)
        if raised is None:  # the writer is closed: its event file is complete
            arguments = train_arguments(logdir)
    assert traced and not any(traced)  # every module ran in eval
    assert all(m.training is root for m in net.modules())  # flattened
    return raised, printed.getvalue(), arguments


eval_graph = {
    "aten::dropout": "{ value : 0}",
    "aten::batch_norm": "{ value : 0}",
}
for grad_mode in (torch.enable_grad, torch.no_grad):
    for root in (True, False):
        assert run(root, grad_mode) == (None, "", eval_graph)
for root in (True, False):
    raised, printed, _ = run(root, torch.enable_grad, ValueError)
    assert raised is ValueError and printed == ""  # only a RuntimeError prints
    raised, printed, _ = run(root, torch.enable_grad, RuntimeError)
    assert raised is RuntimeError
    assert printed.splitlines()[-1] == "Error occurs, No graph saved"
# --8<-- [end:check]
