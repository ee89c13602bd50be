"""Eval-mode BatchNorm normalises with its running statistics, so until they fit the data its output is off."""

# --8<-- [start:show]
import copy

import torch
import torch.nn as nn

torch.manual_seed(0)
bn = nn.BatchNorm1d(1)  # running statistics start at mean 0, variance 1
data = [5.0 + 2.0 * torch.randn(64, 1) for _ in range(100)]  # mean 5, std 2
x = torch.cat(data)  # all of it, to check the outputs on


def output_means():
    probe = copy.deepcopy(bn)  # a train-mode call would update bn itself
    return probe.train()(x).mean().item(), probe.eval()(x).mean().item()


print("train-mode batches seen | running_mean | output mean: train, eval")
rows, seen = {}, 0
with torch.no_grad():
    for total in (0, 2, 10, 100):
        for batch in data[seen:total]:
            bn.train()(batch)  # what each training step does to the statistics
        seen = total
        rows[total] = train_mean, eval_mean = output_means()
        mean = bn.running_mean.item()
        print(
            f"{total:<23} | {mean:<12.2f} | {train_mean:.2f}, {eval_mean:.2f}"
        )
# --8<-- [end:show]

# --8<-- [start:check]
assert all(
    abs(train_mean) < 1e-5 for train_mean, _ in rows.values()
)  # batch statistics: always centred
assert (
    rows[0][1] > 2 and rows[2][1] > 2
)  # lagging running statistics: eval output far off
assert abs(rows[100][1]) < 0.1  # statistics caught up: eval output centred too
# --8<-- [end:check]
