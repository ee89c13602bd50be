"""No loss module in torch.nn reads the training flag: each gives the same loss in train and eval mode."""

# --8<-- [start:show]
import ast
import inspect
import textwrap

import torch
import torch.nn as nn
from torch.nn.modules.loss import _Loss


def reads_flag(cls):
    """Does code in cls or its bases (nn.Module aside) read `.training`?"""
    for klass in cls.__mro__[: cls.__mro__.index(nn.Module)]:
        tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        if any(getattr(n, "attr", 0) == "training" for n in ast.walk(tree)):
            return True
    return False


classes = [c for c in vars(nn).values() if isinstance(c, type)]
losses = [c for c in classes if issubclass(c, _Loss)]
losses.append(nn.AdaptiveLogSoftmaxWithLoss)  # a loss that is not a _Loss
print("loss classes in torch.nn:", len(losses))
readers = [c.__name__ for c in losses if reads_flag(c)]
print("reading the flag:", readers)

torch.manual_seed(0)
logits, target = torch.randn(8, 5), torch.randint(0, 5, (8,))
loss = nn.CrossEntropyLoss()
train, eval_ = loss.train()(logits, target), loss.eval()(logits, target)
print(f"CrossEntropyLoss: train={train.item():.6f} eval={eval_.item():.6f}")
# --8<-- [end:show]

# --8<-- [start:check]
import warnings  # noqa: E402

names = sorted(c.__name__ for c in losses)
assert readers == []
assert torch.equal(train, eval_)
# Every class in torch.nn with Loss in its name is in the list.
named = sorted(
    n for n in dir(nn) if "Loss" in n and isinstance(getattr(nn, n), type)
)
assert named == names and len(names) >= 23, (named, names)  # 24 since 2.13

# And each one, run: the same value, bit for bit, in both modes and in both
# grad modes (inputs built per loss; every loss class must be here).
torch.manual_seed(1)
a, b, c = torch.randn(4, 5), torch.randn(4, 5), torch.randn(4, 5)
cls = torch.randint(0, 5, (4,))
t01 = torch.randint(0, 2, (4, 5)).float()
sign = torch.randint(0, 2, (4,)).float() * 2 - 1
multilabel = torch.tensor([[1, 3, -1, 0, 0]] * 4)
ctc = (
    torch.randn(6, 2, 4).log_softmax(2),
    torch.randint(1, 4, (2, 3)),
    torch.tensor([6, 6]),
    torch.tensor([3, 3]),
)
with warnings.catch_warnings():  # NLLLoss2d is deprecated (for NLLLoss)
    warnings.simplefilter("ignore", FutureWarning)
    nll2d = nn.NLLLoss2d()
INPUTS = {
    "AdaptiveLogSoftmaxWithLoss": (
        nn.AdaptiveLogSoftmaxWithLoss(5, 10, cutoffs=[4]),
        (a, torch.randint(0, 10, (4,))),
    ),
    "BCELoss": (nn.BCELoss(), (a.sigmoid(), t01)),
    "BCEWithLogitsLoss": (nn.BCEWithLogitsLoss(), (a, t01)),
    "CTCLoss": (nn.CTCLoss(), ctc),
    "CosineEmbeddingLoss": (nn.CosineEmbeddingLoss(), (a, b, sign)),
    "CrossEntropyLoss": (
        nn.CrossEntropyLoss(label_smoothing=0.1),
        (a, cls),
    ),
    "GaussianNLLLoss": (nn.GaussianNLLLoss(), (a, b, c.abs() + 0.1)),
    "HingeEmbeddingLoss": (nn.HingeEmbeddingLoss(), (a, sign[:, None] * t01)),
    "HuberLoss": (nn.HuberLoss(), (a, b)),
    "KLDivLoss": (
        nn.KLDivLoss(reduction="batchmean"),
        (a.log_softmax(1), b.softmax(1)),
    ),
    "L1Loss": (nn.L1Loss(), (a, b)),
    "MSELoss": (nn.MSELoss(), (a, b)),
    "MarginRankingLoss": (nn.MarginRankingLoss(), (a[:, 0], b[:, 0], sign)),
    "MultiLabelMarginLoss": (nn.MultiLabelMarginLoss(), (a, multilabel)),
    "MultiLabelSoftMarginLoss": (nn.MultiLabelSoftMarginLoss(), (a, t01)),
    "MultiMarginLoss": (nn.MultiMarginLoss(), (a, cls)),
    "NLLLoss": (nn.NLLLoss(), (a.log_softmax(1), cls)),
    "NLLLoss2d": (
        nll2d,
        (
            torch.randn(2, 5, 3, 3).log_softmax(1),
            torch.randint(0, 5, (2, 3, 3)),
        ),
    ),
    "PoissonNLLLoss": (nn.PoissonNLLLoss(), (a, b.abs())),
    "SmoothL1Loss": (nn.SmoothL1Loss(), (a, b)),
    "SoftMarginLoss": (nn.SoftMarginLoss(), (a, sign[:, None].expand(4, 5))),
    "TripletMarginLoss": (nn.TripletMarginLoss(), (a, b, c)),
    "TripletMarginWithDistanceLoss": (
        nn.TripletMarginWithDistanceLoss(),
        (a, b, c),
    ),
}
if hasattr(nn, "LinearCrossEntropyLoss"):  # new in torch 2.13
    INPUTS["LinearCrossEntropyLoss"] = (
        nn.LinearCrossEntropyLoss(5, 10),
        (a, torch.randint(0, 10, (4,))),
    )
assert sorted(INPUTS) == names, sorted(set(names) ^ set(INPUTS))


def value(out):
    return out if isinstance(out, torch.Tensor) else out.loss


for name, (loss, args) in INPUTS.items():
    for grad in (True, False):
        with torch.set_grad_enabled(grad):
            in_train = value(loss.train()(*args))
            in_eval = value(loss.eval()(*args))
        assert torch.equal(in_train, in_eval), name
        assert torch.isfinite(in_train).all(), name
# --8<-- [end:check]
