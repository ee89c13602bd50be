"""A dataset of 33 samples in batches of 16 ends with a batch of one; drop_last=True drops it."""

# --8<-- [start:show]
from torch.utils.data import DataLoader

sizes = [len(b) for b in DataLoader(range(33), batch_size=16)]
print("batch sizes:                ", sizes)
dropped = DataLoader(range(33), batch_size=16, drop_last=True)
print("batch sizes, drop_last=True:", [len(b) for b in dropped])
# --8<-- [end:show]

# --8<-- [start:check]
assert sizes == [16, 16, 1]
assert [len(b) for b in dropped] == [16, 16]
for n, batch in [(33, 16), (17, 4), (10, 3)]:  # n % batch == 1: a batch of one
    last = [len(b) for b in DataLoader(range(n), batch_size=batch)][-1]
    assert last == 1
    kept = [
        len(b) for b in DataLoader(range(n), batch_size=batch, drop_last=True)
    ]
    assert set(kept) == {batch}
# --8<-- [end:check]
