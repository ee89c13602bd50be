"""By default AveragedModel copies the live model's buffers at each update; use_buffers=True averages them."""

# --8<-- [start:show]
import torch
import torch.nn as nn
from torch.optim.swa_utils import AveragedModel, get_ema_multi_avg_fn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
ema_fn = get_ema_multi_avg_fn(decay=0.5)
copied = AveragedModel(model, multi_avg_fn=ema_fn)  # use_buffers=False
averaged = AveragedModel(model, multi_avg_fn=ema_fn, use_buffers=True)


def mean(m):
    return [round(v, 3) for v in m[1].running_mean.tolist()]


for step in range(3):
    model(torch.randn(16, 2) + step)  # train mode: running stats move
    print(f"step {step} live model: {mean(model)}", end="")
    print(f" | before update: {mean(copied.module)}")
    for ema in (copied, averaged):
        ema.update_parameters(model)
    print(f"  after update: use_buffers=False {mean(copied.module)}", end="")
    print(f" | True {mean(averaged.module)}")
# --8<-- [end:show]

# update_parameters (torch/optim/swa_utils.py): with use_buffers=False it
# averages self.parameters() only, then copies each buffer of the model into
# the copy; with use_buffers=True it puts the buffers through the same
# average as the parameters (the first call copies everything).
# --8<-- [start:check]
for decay in (0.5, 0.9):
    torch.manual_seed(1)
    live = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
    fn = get_ema_multi_avg_fn(decay=decay)
    plain = AveragedModel(live, multi_avg_fn=fn)
    with_buffers = AveragedModel(live, multi_avg_fn=fn, use_buffers=True)
    expected = None
    for step in range(3):
        before = plain.module[1].running_mean.clone()
        live(torch.randn(16, 2) + step)
        # between updates the copy's statistics stay where they were
        assert torch.equal(plain.module[1].running_mean, before)
        plain.update_parameters(live)
        with_buffers.update_parameters(live)
        now = live[1].running_mean
        expected = (
            now.clone()
            if expected is None
            else (decay * expected + (1 - decay) * now)
        )
        for name, buf in live.named_buffers():
            assert torch.equal(plain.module.get_buffer(name), buf)
        assert torch.allclose(with_buffers.module[1].running_mean, expected)
    assert not torch.equal(with_buffers.module[1].running_mean, now)
# num_batches_tracked, an integer buffer, is averaged, then truncated to an
# integer at each update (swa_utils: copy_ into int64), one batch between
# updates: SWA and EMA(0.9) stay at 1, EMA(0.5) reaches 9, the live model 10.
from torch.optim.swa_utils import get_swa_multi_avg_fn  # noqa: E402

torch.manual_seed(2)
live = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2))
copies = [AveragedModel(live, use_buffers=True)] + [
    AveragedModel(live, multi_avg_fn=get_ema_multi_avg_fn(d), use_buffers=True)
    for d in (0.9, 0.5)
]
for _ in range(10):
    live(torch.randn(4, 2))
    for copy in copies:
        copy.update_parameters(live)
counts = [m.module[1].num_batches_tracked.item() for m in copies]
assert live[1].num_batches_tracked.item() == 10 and counts == [1, 1, 9], counts
# The foreach SWA branch (taken on devices with foreach kernels, CUDA) raises
# on an integer buffer; on CPU update_parameters takes the per-tensor branch.
try:
    count = [torch.tensor(1)]
    get_swa_multi_avg_fn()(count, [torch.tensor(2)], torch.tensor(1))
    raise AssertionError("the foreach SWA average accepted an integer tensor")
except RuntimeError as error:
    assert "addcdiv" in str(error), error
# --8<-- [end:check]
