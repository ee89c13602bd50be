"""Trainer.fit never calls train(): a submodule in eval mode when fit starts trains in eval mode."""

# --8<-- [start:show]
import logging
import warnings

from lightning.pytorch import Trainer
from lightning.pytorch.demos.boring_classes import BoringModel
from torch import nn

logging.getLogger("lightning.pytorch").setLevel(logging.WARNING)  # no banner
warnings.filterwarnings("ignore", ".*treespec, LeafSpec")  # see the checks
seen = []  # the backbone's mode at each training step


class Finetune(BoringModel):
    def on_train_batch_start(self, batch, batch_idx):  # before training_step
        seen.append(self.layer[0].training)


model = Finetune()
backbone = nn.Sequential(nn.Linear(32, 32), nn.Dropout(0.1))
model.layer = nn.Sequential(backbone.eval(), nn.Linear(32, 2))  # as loaded
trainer = Trainer(
    max_steps=2, logger=False, enable_checkpointing=False,
    enable_progress_bar=False, enable_model_summary=False,
)  # fmt: skip
with warnings.catch_warnings(record=True) as caught:
    trainer.fit(model)
print("backbone training at each step:", seen)
print("warning:", *[str(w.message).split(". ")[0] for w in caught])
# --8<-- [end:show]

# The filter: Lightning 2.6.6 builds torch's LeafSpec, whose use torch 2.13
# deprecates with a FutureWarning; the warning is about Lightning, not this code.
# The fit loop calls no train(): it warns, in _warn_if_modules_in_eval_mode
# (lightning/pytorch/loops/fit_loop.py), and trains on. Validation inside fit
# restores the modes it found, eval included. Swept: with validation between
# steps, and the fix, model.train() before fit, which trains the backbone in
# train mode with no warning.
# --8<-- [start:check]
from lightning.pytorch.utilities.warnings import PossibleUserWarning  # noqa: E402

assert seen == [False, False]
assert [w.category for w in caught] == [PossibleUserWarning]
assert "3 module(s) in eval mode" in str(
    caught[0].message
)  # backbone, 2 inside


def run(fix, validate):
    seen.clear()
    net = Finetune()
    core = nn.Sequential(nn.Linear(32, 32), nn.Dropout(0.1)).eval()
    net.layer = nn.Sequential(core, nn.Linear(32, 2))
    if fix:
        net.train()
    schedule = (
        dict(val_check_interval=1, limit_val_batches=1) if validate else {}
    )
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        Trainer(
            max_steps=3, logger=False, enable_checkpointing=False,
            enable_progress_bar=False, enable_model_summary=False, **schedule,
        ).fit(net)  # fmt: skip
    eval_warnings = [
        w for w in got if "in eval mode at the start" in str(w.message)
    ]
    return list(seen), len(eval_warnings)


assert run(fix=False, validate=True) == ([False, False, False], 1)
assert run(fix=True, validate=False) == ([True, True, True], 0)
assert run(fix=True, validate=True) == ([True, True, True], 0)
# --8<-- [end:check]
