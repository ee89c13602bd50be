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


def taken(loader, epochs):  # numbers each new iterator takes from the RNG
    counts = []
    for _ in range(epochs):
        torch.manual_seed(0)
        ref = [torch.empty((), dtype=torch.int64).random_() for _ in "1234"]
        torch.manual_seed(0)
        list(loader)
        counts.append(ref.index(torch.empty((), dtype=torch.int64).random_()))
    return counts


# at least one per new iterator: two with shuffle=True (RandomSampler draws
# its own seed too); persistent workers: only the first iterator draws
assert taken(DataLoader(data, batch_size=4), 2) == [1, 1]
assert taken(DataLoader(data, batch_size=4, shuffle=True), 2) == [2, 2]
persistent = DataLoader(data, num_workers=1, persistent_workers=True)
assert taken(persistent, 3) == [1, 0, 0]
persistent = DataLoader(
    data, shuffle=True, num_workers=1, persistent_workers=True
)
assert taken(persistent, 2) == [2, 1]  # the sampler still draws each epoch
del persistent
# With a RandomSampler passed in, the loader's generator does not reach the
# sampler (which draws from the global RNG): give the generator to the sampler.
from torch.utils.data import RandomSampler  # noqa: E402


def epoch_2(validate, where):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(0)
    sampler = RandomSampler(
        data, generator=gen if where == "sampler" else None
    )
    loader_gen = gen if where == "loader" else None
    train = DataLoader(
        data, batch_size=4, sampler=sampler, generator=loader_gen
    )
    list(train)
    if validate:
        list(DataLoader(data, batch_size=4))
    return [batch[0].tolist() for batch in train]


assert epoch_2(False, "loader") != epoch_2(True, "loader")
assert epoch_2(False, "sampler") == epoch_2(True, "sampler")
# --8<-- [end:check]
