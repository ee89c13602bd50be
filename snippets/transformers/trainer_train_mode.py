"""Trainer.train() calls model.train() at every step: a model passed in eval mode trains in train mode."""
# transformers 5 turns itself off below torch 2.6.
# Applies to: torch>=2.6

# --8<-- [start:show]
import tempfile

import torch
from transformers import (
    BertConfig,
    BertForSequenceClassification,
    PrinterCallback,
    Trainer,
    TrainingArguments,
)

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
# mode again from the first step. Swept over a model passed in train, eval and
# mixed modes; every module is recorded at every forward.
# --8<-- [start:check]
assert seen == [(True, True), (True, True)]
assert all(m.training for m in model.modules())
for start in ("train", "eval", "mixed"):
    net = BertForSequenceClassification(config)
    if start == "eval":
        net.eval()
    elif start == "mixed":
        net.bert.embeddings.eval()  # frozen embeddings, dropout included
    modes = []

    def record(module, args, modes=modes):
        every = all(m.training for m in module.modules())
        modes.append((every, torch.is_grad_enabled()))

    net.register_forward_pre_hook(record)
    with tempfile.TemporaryDirectory() as folder:
        args = TrainingArguments(
            folder, max_steps=2, per_device_train_batch_size=2, use_cpu=True,
            report_to=[], save_strategy="no", disable_tqdm=True,
        )  # fmt: skip
        run = Trainer(net, args, train_dataset=data)
        run.remove_callback(PrinterCallback)
        run.train()
    assert modes == [(True, True), (True, True)], (start, modes)
    assert all(m.training for m in net.modules()), start
# --8<-- [end:check]
