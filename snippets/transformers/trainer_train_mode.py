"""Trainer.train() calls model.train() at every step: a model passed in eval mode trains in train mode."""
# transformers 5 turns itself off below torch 2.6.
# Applies to: torch>=2.6

# --8<-- [start:show]
import tempfile

import torch
from transformers import (
    BertConfig,
    BertForSequenceClassification,
    Trainer,
    TrainingArguments,
)
from transformers.trainer_callback import PrinterCallback

config = BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2)
model = BertForSequenceClassification(config).eval()  # as from_pretrained
data = [{"input_ids": list(range(6)), "labels": i % 2} for i in range(4)]
seen = []  # (training, grad enabled) at each forward
model.register_forward_pre_hook(
    lambda m, args: seen.append((m.training, torch.is_grad_enabled()))
)
with tempfile.TemporaryDirectory() as folder:
    args = TrainingArguments(
        folder, max_steps=2, per_device_train_batch_size=2, use_cpu=True,
        report_to=[], save_strategy="no", disable_tqdm=True,
    )  # fmt: skip
    trainer = Trainer(model, args, train_dataset=data)
    trainer.remove_callback(PrinterCallback)  # it prints timings
    print("before train(): training =", model.training)
    trainer.train()
print("each forward in train(), (training, grad):", seen)
print("after train(): training =", model.training)
# --8<-- [end:show]

# Trainer.training_step begins with model.train() (transformers/trainer.py), and
# nothing after the last step changes the mode back. model.train() is recursive:
# a submodule you set to eval (frozen embeddings, a frozen Dropout) is in train
# mode again from the first step. Swept over the model passed in train, eval and
# mixed modes, through the same Trainer (its folder is gone: it writes nothing);
# every module is recorded at every forward.
# --8<-- [start:check]
import os  # noqa: E402

assert seen == [(True, True), (True, True)]
assert all(m.training for m in model.modules())
modes = []
model.register_forward_pre_hook(
    lambda module, args: modes.append(
        (all(m.training for m in module.modules()), torch.is_grad_enabled())
    )
)
for start in ("train", "eval", "mixed"):
    model.train(start == "train")
    if start == "mixed":
        model.train().bert.embeddings.eval()  # frozen embeddings and dropout
    modes.clear()
    trainer.train()
    assert modes == [(True, True), (True, True)], (start, modes)
    assert all(m.training for m in model.modules()), start
assert not os.path.exists(folder)
# --8<-- [end:check]
