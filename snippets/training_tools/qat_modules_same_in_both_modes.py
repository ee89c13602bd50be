"""QAT modules without a BatchNorm compute the same in both modes; their fake quantization runs in eval too."""

# --8<-- [start:show]
import copy

import torch
import torch.ao.nn.intrinsic.qat as nniqat
import torch.ao.nn.qat as nnqat
import torch.ao.quantization as tq

torch.manual_seed(0)
qc, for_ids = tq.get_default_qat_qconfig(), tq.default_embedding_qat_qconfig
ids, rows = torch.tensor([[1, 2, 3], [4, 5, 6]]), torch.randn(2, 4)
cases = [(nnqat.Linear(4, 3, qconfig=qc), rows)]
cases.append((nniqat.LinearReLU(4, 3, qconfig=qc), rows))
for dims in (1, 2, 3):
    x = torch.randn(2, 2, *[6] * dims)
    cases.append((getattr(nnqat, f"Conv{dims}d")(2, 2, 3, qconfig=qc), x))
    cases.append((getattr(nniqat, f"ConvReLU{dims}d")(2, 2, 3, qconfig=qc), x))
cases.append((nnqat.Embedding(10, 4, qconfig=for_ids), ids))
cases.append((nnqat.EmbeddingBag(10, 4, qconfig=for_ids), ids))
for module, x in cases:
    twin = copy.deepcopy(module)  # the same weights and observer state
    same = torch.equal(module.train()(x), twin.eval()(x))
    rounded = not torch.equal(twin.weight_fake_quant(twin.weight), twin.weight)
    name = type(module).__name__
    print(
        f"{name:12} train == eval output: {same}, eval rounds weight: {rounded}"
    )
# --8<-- [end:show]

# --8<-- [start:check]
import warnings  # noqa: E402

import torch.ao.nn.qat.dynamic as nnqatd  # noqa: E402

swept = {type(module) for module, _ in cases}
public = [getattr(nnqat, n) for n in dir(nnqat)] + [
    getattr(nniqat, n) for n in dir(nniqat)
]
without_bn = {
    c for c in public if isinstance(c, type) and "Bn" not in c.__name__
}
assert swept == without_bn, (
    without_bn ^ swept
)  # every QAT class without a BatchNorm
with warnings.catch_warnings():  # torch.ao.quantization's deprecation, if any
    warnings.simplefilter("ignore")
    cases.append(
        (nnqatd.Linear(4, 3, qconfig=tq.default_dynamic_qat_qconfig), rows)
    )
for grad_on in (True, False):
    with torch.set_grad_enabled(grad_on):
        for module, x in cases:
            twin = copy.deepcopy(module)
            assert torch.equal(module.train()(x), twin.eval()(x)), type(module)
            weight = twin.weight_fake_quant(twin.weight)
            assert not torch.equal(weight, twin.weight), type(module)
# --8<-- [end:check]
