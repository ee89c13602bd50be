"""In fit, training_step runs with grad on, in the mode fit found (train here); validation_step: eval, no_grad."""

# --8<-- [start:show]
import logging
import warnings

from lightning.pytorch import Trainer
from lightning.pytorch.demos.boring_classes import BoringModel
from torch import is_grad_enabled, is_inference_mode_enabled

logging.getLogger("lightning.pytorch").setLevel(logging.WARNING)  # no banner
warnings.filterwarnings("ignore", ".*treespec, LeafSpec")  # see the checks
seen = {}


class Probe(BoringModel):
    def step(self, batch):  # what BoringModel's *_step methods call
        hook = "training_step" if self.trainer.training else "validation_step"
        grad, inference = is_grad_enabled(), is_inference_mode_enabled()
        seen[hook] = (self.training, grad, inference)
        return super().step(batch)


trainer = Trainer(
    max_steps=2, val_check_interval=1, limit_val_batches=1, logger=False,
    enable_checkpointing=False, enable_progress_bar=False,
    enable_model_summary=False,
)  # fmt: skip
trainer.fit(Probe())
for hook, modes in seen.items():
    print(f"{hook}: (training, grad, inference_mode) = {modes}")
# --8<-- [end:show]

# The filter: Lightning 2.6.6 builds torch's LeafSpec, whose use torch 2.13
# deprecates with a FutureWarning; the warning is about Lightning, not this code.
# Trainer.fit writes nothing here (no logger, no checkpoint), so it needs no
# default_root_dir. The validation loop inside fit is built with
# inference_mode=False (lightning/pytorch/loops/training_epoch_loop.py), so it
# runs under torch.no_grad() whatever Trainer(inference_mode=...) says; the
# sanity check before training uses the same loop. fit calls no train() (since
# Lightning 2.2, PR #18951), so training_step runs in the mode the model had when
# fit started: eval mode for a model passed in eval mode (Lightning warns).
# Swept: every training and validation call (sanity check included) for both
# Trainer settings and a model passed in train mode and in eval mode.
# --8<-- [start:check]
calls = []


class Every(BoringModel):
    def step(self, batch):
        grad, inference = is_grad_enabled(), is_inference_mode_enabled()
        state = (self.trainer.training, self.training, grad, inference)
        calls.append((self.trainer.sanity_checking, *state))
        return super().step(batch)


for setting, start in [(s, m) for s in (True, False) for m in (True, False)]:
    calls.clear()
    with warnings.catch_warnings():  # a model in eval mode: fit warns
        warnings.simplefilter("ignore")
        Trainer(
            max_steps=2, val_check_interval=1, limit_val_batches=1,
            logger=False, enable_checkpointing=False,
            enable_progress_bar=False, enable_model_summary=False,
            inference_mode=setting,
        ).fit(Every().train(start))  # fmt: skip
    assert any(sanity for sanity, *_ in calls)  # the sanity check ran
    train = [c[2:] for c in calls if c[1]]
    evaluate = [c[2:] for c in calls if not c[1]]
    assert train == [(start, True, False)] * 2, (start, calls)
    assert len(evaluate) >= 3 and set(evaluate) == {(False, False, False)}
assert seen == {
    "training_step": (True, True, False),
    "validation_step": (False, False, False),
}
# --8<-- [end:check]
