"""With an eval_strategy, Trainer.train() ends with an evaluation and returns the model in eval mode."""
# transformers 5 turns itself off below torch 2.6.
# Applies to: torch>=2.6

# --8<-- [start:show]
import tempfile

from transformers import (
    BertConfig,
    BertForSequenceClassification,
    Trainer,
    TrainingArguments,
)
from transformers.trainer_callback import PrinterCallback

config = BertConfig(hidden_size=32, num_hidden_layers=2, num_attention_heads=2)
data = [{"input_ids": list(range(6)), "labels": i % 2} for i in range(4)]
quiet = dict(use_cpu=True, report_to=[], save_strategy="no", disable_tqdm=True)


def mode_after_train(**schedule):
    model = BertForSequenceClassification(config)
    with tempfile.TemporaryDirectory() as folder:
        args = TrainingArguments(folder, **schedule, **quiet)
        trainer = Trainer(model, args, train_dataset=data, eval_dataset=data)
        trainer.remove_callback(PrinterCallback)  # it prints timings
        trainer.train()
    return model.training


for schedule in (
    dict(max_steps=2, eval_strategy="steps", eval_steps=1),
    dict(max_steps=3, eval_strategy="steps", eval_steps=2),
):
    print(schedule, "-> training =", mode_after_train(**schedule))
# --8<-- [end:show]

# The evaluation inside train() is evaluate(): it calls model.eval(), and only
# the next training_step calls model.train(). DefaultFlowCallback
# (transformers/trainer_callback.py) adds an evaluation at the last step when
# eval_strategy="steps" would skip it, and "epoch" evaluates at each epoch's end,
# so after the last step none follows. Swept over schedules; with eval_delay past
# the last step no evaluation runs and the model stays in train mode.
# --8<-- [start:check]
assert mode_after_train(max_steps=2) is True  # no evaluation
for steps, every in ((2, 1), (3, 2), (1, 5)):  # on the schedule, or added
    got = mode_after_train(
        max_steps=steps, eval_strategy="steps", eval_steps=every
    )
    assert got is False, (steps, every)
assert mode_after_train(num_train_epochs=1, eval_strategy="epoch") is False
late = dict(max_steps=2, eval_strategy="steps", eval_steps=1, eval_delay=5)
assert mode_after_train(**late) is True
# --8<-- [end:check]
