"""Iterating any DataLoader without its own generator draws from the global RNG, so validation shifts training."""

# --8<-- [start:show]
import torch
from torch.utils.data import DataLoader, TensorDataset

data = TensorDataset(torch.arange(8))


def second_epoch(validate, generator=None):
    torch.manual_seed(0)
    train = DataLoader(data, batch_size=4, shuffle=True, generator=generator)
    val = DataLoader(data, batch_size=4)  # shuffle=False, no workers
    list(train)  # epoch 1
    if validate:
        list(val)  # one draw: DataLoader's base seed, even here
    return [batch[0].tolist() for batch in train]  # epoch 2's order


seen = {}
for fix in (False, True):
    for validate in (False, True):
        gen = torch.Generator().manual_seed(0) if fix else None
        seen[fix, validate] = second_epoch(validate, gen)
        how = (
            f"{('global RNG', 'generator')[fix]:10}, validated {validate!s:5}"
        )
        print(f"{how}: epoch 2 batches {seen[fix, validate]}")
# --8<-- [end:show]

# --8<-- [start:check]
assert seen[False, False] != seen[False, True]  # validation changed it
assert seen[True, False] == seen[True, True]  # the fix
# the validation loader's draw moves the global RNG (which Dropout uses)
# unless that loader has a generator of its own too
torch.manual_seed(0)
before = torch.get_rng_state()
list(DataLoader(data, batch_size=4))
assert not torch.equal(before, torch.get_rng_state())
before = torch.get_rng_state()
list(DataLoader(data, batch_size=4, generator=torch.Generator()))
assert torch.equal(before, torch.get_rng_state())
# --8<-- [end:check]
