"""prepare changes no mode; Sigmoid, Tanh, Hardsigmoid, Softmax get fixed qparams only in their own train mode."""

# --8<-- [start:show]
import warnings

import torch
import torch.ao.quantization as tq
import torch.nn as nn

warnings.simplefilter("ignore")  # deprecation and observer notes, not modes
MODE = ("eval", "train")
x = torch.tensor([0.1234567, -0.3])
for root in (True, False):
    for own in (True, False):
        model = nn.Sequential(tq.QuantStub(), nn.Sigmoid(), tq.DeQuantStub())
        model.train(root)
        model[1].train(own)  # the Sigmoid's own flag
        model.qconfig = tq.get_default_qconfig("x86")
        prepared = tq.prepare(model)
        after = f"{MODE[prepared.training]}, {MODE[prepared[1].training]}"
        added = getattr(prepared[1], "activation_post_process", None)
        gets = type(added).__name__ if added is not None else "nothing"
        seen = [round(v, 5) for v in prepared[1](x).tolist()]  # calibration
        print(f"root {MODE[root]}, Sigmoid {MODE[own]} -> after: {after}")
        print(f"  the Sigmoid gets {gets}; its output {seen}")
print("exact sigmoid:", [round(v, 5) for v in torch.sigmoid(x).tolist()])
# --8<-- [end:show]

# prepare (torch/ao/quantization/quantize.py) calls no train() or eval(): a
# deep copy (or, with inplace=True, the model itself) keeps every module's
# flag. _add_observer_ asks _has_special_act_post_process
# (quantization_mappings.py) of each child module, which tests the child's
# own flag: in train mode a Hardsigmoid, Sigmoid, Softmax or Tanh gets a
# FixedQParamsFakeQuantize, which rounds its output to fixed steps during
# calibration; in eval it gets nothing (the qconfig's observer goes to layers
# of the propagation list, and these four are not in it). The root module is
# not asked. The observers prepare adds are new modules, in train mode even
# in an eval model. The check sweeps the four classes, both grad modes,
# inplace or not, a parent and a grandparent in the other mode.
# --8<-- [start:check]
import itertools  # noqa: E402

FOUR = (nn.Hardsigmoid, nn.Sigmoid, nn.Softmax, nn.Tanh)
grad_modes = (torch.enable_grad, torch.no_grad)
for cls, mode, parent, inplace, grad_mode in itertools.product(
    FOUR, (True, False), (True, False), (False, True), grad_modes
):
    inner = nn.Sequential(
        nn.Linear(2, 2), cls(dim=-1) if cls is nn.Softmax else cls()
    ).train(parent)
    model = nn.Sequential(tq.QuantStub(), inner, tq.DeQuantStub())
    model.train(not parent)  # the grandparent in the other mode
    inner.train(parent)
    inner[1].train(mode)
    before = [m.training for m in model.modules()]
    model.qconfig = tq.get_default_qconfig("x86")
    with grad_mode():
        prepared = tq.prepare(model, inplace=inplace)
    assert (prepared is model) is inplace
    layer = prepared[1][1]
    added = getattr(layer, "activation_post_process", None)
    assert isinstance(added, tq.FixedQParamsFakeQuantize) is mode, cls
    assert mode or added is None
    observers = [
        m for m in prepared.modules() if isinstance(m, tq.ObserverBase)
    ]
    assert observers and all(m.training for m in observers)  # new: in train
    own = [
        m.training
        for m in prepared.modules()
        if not isinstance(m, (tq.ObserverBase, tq.FakeQuantizeBase))
    ]
    assert own == before  # no mode changed, on the model or its copy
    if mode:  # calibration sees the output rounded to the fixed steps
        out = layer(torch.tensor([[0.1234567, -0.3]]))
        scale = added.scale.item()
        assert torch.allclose(out / scale, (out / scale).round(), atol=1e-4)

# The root itself is not asked: a bare Sigmoid in train mode gets no fixed qparams
bare = nn.Sigmoid().train()
bare.qconfig = tq.get_default_qconfig("x86")
assert not hasattr(tq.prepare(bare), "activation_post_process")
# --8<-- [end:check]
