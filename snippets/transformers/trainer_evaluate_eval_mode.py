"""Trainer.evaluate() and predict() call model.eval(), run under no_grad, and leave the model in eval mode."""
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
model = BertForSequenceClassification(config)  # train mode
data = [{"input_ids": list(range(6)), "labels": i % 2} for i in range(4)]
seen = []
model.register_forward_pre_hook(
    lambda m, args: seen.append((m.training, torch.is_grad_enabled()))
)
with tempfile.TemporaryDirectory() as folder:
    args = TrainingArguments(
        folder, use_cpu=True, report_to=[], disable_tqdm=True
    )
    trainer = Trainer(model, args)
    trainer.remove_callback(PrinterCallback)  # it prints timings
    for call in (trainer.evaluate, trainer.predict):
        model.train()
        seen.clear()
        call(data)
        print(f"{call.__name__}(): (training, grad) at each forward:", seen)
        print("  then training =", model.training)
# --8<-- [end:show]


# Trainer.evaluation_loop calls model.eval() before the first batch and nothing
# afterwards restores the mode; prediction_step runs the model under
# torch.no_grad(), not inference_mode (transformers/trainer.py). Swept over a
# model in train, eval and mixed modes, for evaluate() and predict().
# --8<-- [start:check]
def record(net):
    modes = []
    net.register_forward_pre_hook(
        lambda m, a: modes.append(
            (
                any(x.training for x in m.modules()),
                torch.is_grad_enabled(),
                torch.is_inference_mode_enabled(),
            )
        )
    )
    return modes


for start in ("train", "eval", "mixed"):
    for call in ("evaluate", "predict"):
        net = BertForSequenceClassification(config)
        if start == "eval":
            net.eval()
        elif start == "mixed":
            net.bert.embeddings.eval()
        modes = record(net)
        with tempfile.TemporaryDirectory() as folder:
            args = TrainingArguments(
                folder, per_device_eval_batch_size=2, use_cpu=True,
                report_to=[], disable_tqdm=True,
            )  # fmt: skip
            run = Trainer(net, args)
            run.remove_callback(PrinterCallback)
            getattr(run, call)(data)
        assert modes == [(False, False, False)] * 2, (start, call, modes)
        assert not any(m.training for m in net.modules()), (start, call)
# --8<-- [end:check]
