"""In validate(), torch.enable_grad() in validation_step gives gradients only with Trainer(inference_mode=False)."""

# --8<-- [start:show]
import logging
import warnings

import torch
from lightning.pytorch import Trainer
from lightning.pytorch.demos.boring_classes import BoringModel

logging.getLogger("lightning.pytorch").setLevel(logging.WARNING)  # no banner
warnings.filterwarnings("ignore", ".*treespec, LeafSpec")  # see the checks


class Saliency(BoringModel):
    def validation_step(self, batch, batch_idx):
        with torch.enable_grad():  # validation runs with grad off
            x = batch.clone().requires_grad_()
            try:
                (grad,) = torch.autograd.grad(self(x).sum(), x)
                self.outcome = f"gradient of shape {tuple(grad.shape)}"
            except RuntimeError as error:
                self.outcome = f"RuntimeError:\n  {error}"


for setting in (True, False):
    trainer = Trainer(
        inference_mode=setting, limit_val_batches=1, logger=False,
        enable_progress_bar=False,
    )  # fmt: skip
    model = Saliency()
    trainer.validate(model, verbose=False)
    print(f"Trainer(inference_mode={setting}):\n  {model.outcome}")
# --8<-- [end:show]

# The filter: Lightning 2.6.6 builds torch's LeafSpec, whose use torch 2.13
# deprecates with a FutureWarning; the warning is about Lightning, not this code.
# Under torch.inference_mode, enable_grad turns grad mode on but every result is
# still an inference tensor that autograd does not record, so grad() finds no
# graph. Under no_grad (inference_mode=False), enable_grad is enough. Swept:
# both settings, with and without enable_grad, and the other way out of
# inference mode: torch.inference_mode(False) works only on a clone of the batch
# made inside that block (a clone made before it is still an inference tensor);
# the batch as it is fails only where autograd must save it (a Linear's input),
# not in an op that saves no input (adding a parameter).
# --8<-- [start:check]
outcomes = {}


class Variant(BoringModel):
    def __init__(self, way):
        super().__init__()
        self.way = way

    def validation_step(self, batch, batch_idx):
        try:
            if self.way == "plain":  # no enable_grad
                x = batch.clone().requires_grad_()
                torch.autograd.grad(self(x).sum(), x)
            elif self.way == "enable_grad":
                with torch.enable_grad():
                    x = batch.clone().requires_grad_()
                    (grad,) = torch.autograd.grad(self(x).sum(), x)
                    expected = self.layer.weight.sum(0).expand_as(x)
                    assert torch.allclose(grad, expected)
            elif self.way == "inference_off_clone":
                with torch.inference_mode(False), torch.enable_grad():
                    x = batch.clone().requires_grad_()
                    torch.autograd.grad(self(x).sum(), x)
            elif self.way == "inference_off_no_clone":
                with torch.inference_mode(False), torch.enable_grad():
                    self(batch).sum().backward()  # parameter gradients
            elif self.way == "clone_before_block":
                x = batch.clone()  # in inference mode: an inference tensor
                with torch.inference_mode(False), torch.enable_grad():
                    x.requires_grad_()
                    torch.autograd.grad(self(x).sum(), x)
            elif (
                self.way == "no_clone_not_saved"
            ):  # batch + bias saves neither
                with torch.inference_mode(False), torch.enable_grad():
                    (batch + self.layer.bias.sum()).sum().backward()
                    assert self.layer.bias.grad is not None
            self.outcome = "ok"
        except RuntimeError as error:
            self.outcome = str(error)


NO_GRAPH = (
    "element 0 of tensors does not require grad and does not have a grad_fn"
)
SAVED = "Inference tensors cannot be saved for backward."
OUTSIDE = (
    "Setting requires_grad=True on inference tensor outside InferenceMode"
)
WAYS = ("plain", "enable_grad", "inference_off_clone", "inference_off_no_clone",
        "clone_before_block", "no_clone_not_saved")  # fmt: skip
for setting in (True, False):
    for way in WAYS:
        net = Variant(way)
        Trainer(
            inference_mode=setting, limit_val_batches=1, logger=False,
            enable_progress_bar=False,
        ).validate(net, verbose=False)  # fmt: skip
        outcomes[setting, way] = net.outcome
assert outcomes[True, "plain"] == NO_GRAPH
assert outcomes[True, "enable_grad"] == NO_GRAPH
assert outcomes[True, "inference_off_clone"] == "ok"
assert outcomes[True, "inference_off_no_clone"].startswith(SAVED)
assert outcomes[True, "clone_before_block"].startswith(OUTSIDE)
assert outcomes[True, "no_clone_not_saved"] == "ok"
assert outcomes[False, "plain"] == NO_GRAPH
assert outcomes[False, "enable_grad"] == "ok"
assert outcomes[False, "inference_off_clone"] == "ok"
assert outcomes[False, "inference_off_no_clone"] == "ok"
assert outcomes[False, "clone_before_block"] == "ok"
assert outcomes[False, "no_clone_not_saved"] == "ok"
in_fit = Variant(
    "enable_grad"
)  # validation inside fit: no_grad, not inference
Trainer(
    max_steps=1, val_check_interval=1, limit_val_batches=1, logger=False,
    enable_checkpointing=False, enable_progress_bar=False,
    enable_model_summary=False, inference_mode=True,
).fit(in_fit)  # fmt: skip
assert in_fit.outcome == "ok"
# --8<-- [end:check]
