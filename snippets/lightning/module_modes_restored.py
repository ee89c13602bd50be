"""After validation, Lightning restores each module's own mode: a BatchNorm frozen in eval stays in eval."""

# --8<-- [start:show]
import logging
import warnings

from lightning.pytorch import Trainer
from lightning.pytorch.demos.boring_classes import BoringModel
from torch import nn

logging.getLogger("lightning.pytorch").setLevel(logging.WARNING)  # no banner
warnings.filterwarnings("ignore", ".*treespec, LeafSpec")  # see the checks
seen = []  # the BatchNorm's mode at each training step


class FrozenNorm(BoringModel):
    def on_train_start(self):
        self.layer[0].eval()  # frozen statistics, after fit's own checks

    def on_train_batch_start(self, batch, batch_idx):  # before training_step
        seen.append(self.layer[0].training)


model = FrozenNorm()
model.layer = nn.Sequential(nn.BatchNorm1d(32), nn.Linear(32, 2))
trainer = Trainer(
    max_steps=3, val_check_interval=1, limit_val_batches=1, logger=False,
    enable_checkpointing=False, enable_progress_bar=False,
    enable_model_summary=False,
)  # fmt: skip
trainer.fit(model)
print("BatchNorm training at each step, validation between:", seen)
print("after fit: model", model.training, "BatchNorm", model.layer[0].training)
# --8<-- [end:show]

# The filter: Lightning 2.6.6 builds torch's LeafSpec, whose use torch 2.13
# deprecates with a FutureWarning; the warning is about Lightning, not this code.
# Before validation, test and predict, the loops record every submodule's flag
# (_ModuleMode.capture, lightning/pytorch/utilities/model_helpers.py) and set
# model.eval(); afterwards they write the recorded flags back (restore), unless
# the LightningModule overrides on_validation_model_train / on_test_model_train,
# whose default body is a plain self.trainer.model.train(). Swept: validation
# inside fit, and validate, test and predict on a model in mixed modes; an
# override of on_validation_model_eval (default body model.eval()), which the
# restore ignores, since the flags are captured before that hook runs; and the
# override of on_validation_model_train, which unfreezes the BatchNorm.
# Per-module restore arrived in Lightning 2.2 (CHANGELOG, PR #18951).
# --8<-- [start:check]
assert seen == [False, False, False]
assert model.training and not model.layer[0].training


def mixed():
    net = BoringModel()
    net.layer = nn.Sequential(
        nn.BatchNorm1d(32), nn.Dropout(), nn.Linear(32, 2)
    )
    net.layer[0].eval()
    return net


def modes(net):
    return [m.training for m in net.modules()]


for entry in ("validate", "test", "predict"):
    for root_mode in (True, False):
        net = mixed()
        net.training = root_mode
        before = modes(net)
        runner = Trainer(logger=False, enable_progress_bar=False)
        kwargs = {} if entry == "predict" else {"verbose": False}
        getattr(runner, entry)(net, **kwargs)
        assert modes(net) == before, (entry, root_mode)


class EvalHook(BoringModel):
    def on_validation_model_eval(self):
        super().on_validation_model_eval()  # the default: model.eval()


net = EvalHook()
net.layer = nn.Sequential(nn.BatchNorm1d(32), nn.Dropout(), nn.Linear(32, 2))
net.layer[0].eval()
before = modes(net)
Trainer(logger=False, enable_progress_bar=False).validate(net, verbose=False)
assert modes(net) == before == [True, True, False, True, True], modes(net)


class Overrides(FrozenNorm):
    def on_validation_model_train(self):
        super().on_validation_model_train()  # the default: model.train()


seen.clear()
net = Overrides()
net.layer = nn.Sequential(nn.BatchNorm1d(32), nn.Linear(32, 2))
try:
    Trainer(
        max_steps=3, val_check_interval=1, limit_val_batches=1, logger=False,
        enable_checkpointing=False, enable_progress_bar=False,
        enable_model_summary=False,
    ).fit(net)  # fmt: skip
except (
    ValueError
) as error:  # a train-mode BatchNorm, on BoringModel's batch of 1
    assert "Expected more than 1 value per channel when training" in str(error)
else:
    raise AssertionError("the unfrozen BatchNorm should refuse a batch of one")
assert seen == [False, True], seen  # unfrozen by the first validation
# --8<-- [end:check]
