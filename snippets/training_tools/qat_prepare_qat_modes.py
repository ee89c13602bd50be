"""prepare_qat refuses a model whose root is in eval mode, and puts the modules it swaps in train mode."""

# --8<-- [start:show]
import warnings

import torch.ao.quantization as tq
import torch.nn as nn


def model():
    m = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))
    m.qconfig = tq.get_default_qat_qconfig("x86")
    return m


warned = set()
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    try:
        tq.prepare_qat(model().eval())
    except AssertionError as error:
        print("root in eval: AssertionError:", error)
    frozen = model()
    frozen[1].eval()  # a frozen layer in a train-mode model
    qat = tq.prepare_qat(frozen)
print("modes before prepare_qat:", [m.training for m in frozen])
print("modes after prepare_qat: ", [m.training for m in qat])
print("layer 1 is now", type(qat[1]).__module__ + "." + type(qat[1]).__name__)
for said in sorted({" ".join(str(w.message).split()) for w in caught}):
    print("warned:", said[: said.find(". ") + 1])
# --8<-- [end:show]

# prepare_qat (torch/ao/quantization/quantize.py) tests model.training, the
# root's flag only, then swaps each module that has a QAT version for a new
# one built by from_float; a new module starts in train mode.
# --8<-- [start:check]
import pytest  # noqa: E402
import torch.ao.nn.qat as nnqat  # noqa: E402

warnings.simplefilter("ignore")  # the deprecation shown above
for child_modes in (
    [True, True],
    [False, True],
    [True, False],
    [False, False],
):
    m = model().eval()
    for child, mode in zip(m, child_modes):
        child.train(mode)
    with pytest.raises(AssertionError, match="only works on models in train"):
        tq.prepare_qat(m)
    m.training = True  # the root alone in train mode is enough
    swapped = tq.prepare_qat(m)
    assert all(isinstance(c, nnqat.Linear) and c.training for c in swapped)
assert [m.training for m in frozen] == [True, False]  # a copy was swapped
# --8<-- [end:check]
