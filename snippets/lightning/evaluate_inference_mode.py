"""validate, test and predict run in eval mode under inference_mode; Trainer(inference_mode=False): no_grad."""

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
    def forward(self, x):  # every *_step of BoringModel calls it
        grad, inference = is_grad_enabled(), is_inference_mode_enabled()
        seen[self.trainer.state.stage.value] = (self.training, grad, inference)
        return super().forward(x)


for setting in (True, False):  # True is the default
    trainer = Trainer(
        inference_mode=setting, logger=False, enable_progress_bar=False
    )
    model = Probe()
    trainer.validate(model, verbose=False)
    trainer.test(model, verbose=False)
    trainer.predict(model)
    print(f"Trainer(inference_mode={setting}): (training, grad, inference)")
    for stage, modes in seen.items():
        print(f"  {stage}: {modes}")
# --8<-- [end:show]

# The filter: Lightning 2.6.6 builds torch's LeafSpec, whose use torch 2.13
# deprecates with a FutureWarning; the warning is about Lightning, not this code.
# validate, test and predict write nothing (no logger; checkpointing and the
# model summary only act in fit). The loops run under torch.inference_mode or
# torch.no_grad (lightning/pytorch/loops/utilities.py, _no_grad_context; no_grad
# also for the gloo backend, XLA and FSDP, which these CPU runs do not use).
# Swept: every batch of each entry point, for both settings, from a model in
# train mode and one in eval mode.
# --8<-- [start:check]
calls = []


def record(model, args):  # every forward, where Probe keeps each stage's last
    grad, inference = is_grad_enabled(), is_inference_mode_enabled()
    stage = model.trainer.state.stage.value
    calls.append((stage, model.training, grad, inference))


for setting in (True, False):
    for start in (True, False):
        calls.clear()
        trainer = Trainer(
            inference_mode=setting, limit_val_batches=2, limit_test_batches=2,
            limit_predict_batches=2, logger=False, enable_progress_bar=False,
        )  # fmt: skip
        model = Probe().train(start)
        model.register_forward_pre_hook(record)
        trainer.validate(model, verbose=False)
        trainer.test(model, verbose=False)
        trainer.predict(model)
        expected = [
            (stage, False, False, setting)
            for stage in ("validate", "test", "predict")
            for _ in range(2)
        ]
        assert calls == expected, (setting, start, calls)
        assert model.training is start
# --8<-- [end:check]
