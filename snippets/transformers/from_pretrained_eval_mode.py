"""from_pretrained returns every module in eval mode, whatever mode the model was saved in."""
# transformers 5 turns itself off below torch 2.6.
# Applies to: torch>=2.6

# --8<-- [start:show]
import tempfile

import torch
from transformers import (
    AutoModelForSequenceClassification,
    BertConfig,
    BertForSequenceClassification,
)

torch.manual_seed(0)
config = BertConfig(  # tiny, and built here: nothing comes from the hub
    vocab_size=99, hidden_size=32, num_hidden_layers=2, num_attention_heads=2
)
model = BertForSequenceClassification(config)
print("built from the config, training:", model.training)

with tempfile.TemporaryDirectory() as folder:
    model.save_pretrained(folder)  # saved in train mode
    loaded = BertForSequenceClassification.from_pretrained(folder)
    auto = AutoModelForSequenceClassification.from_pretrained(folder)

for name, m in (("from_pretrained", loaded), ("Auto class", auto)):
    in_train = sum(module.training for module in m.modules())
    print(f"{name}: training={m.training}, modules in train mode:", in_train)

ids = torch.randint(0, 99, (1, 6))
with torch.no_grad():
    same = torch.equal(loaded(ids).logits, loaded(ids).logits)
print("two forward passes agree (dropout off):", same)
# --8<-- [end:show]

# PreTrainedModel.from_pretrained ends with model.eval() (transformers/modeling_utils.py);
# the mode is not stored in the folder. Swept over architectures (encoder, decoder,
# encoder-decoder), the Auto classes, and a model saved in eval and in mixed modes.
# --8<-- [start:check]
from transformers import (  # noqa: E402
    AutoConfig,
    AutoModelForCausalLM,
    AutoModelForSeq2SeqLM,
)

assert model.training and all(m.training for m in model.modules())
assert not any(m.training for m in loaded.modules())
assert not any(m.training for m in auto.modules())
assert same
decoder = AutoConfig.for_model(
    "gpt2", vocab_size=99, n_embd=32, n_layer=2, n_head=2, n_positions=16,
    bos_token_id=0, eos_token_id=0,
)  # fmt: skip
encoder_decoder = AutoConfig.for_model(
    "t5", vocab_size=99, d_model=32, d_kv=8, d_ff=37, num_layers=2,
    num_heads=2,
)  # fmt: skip
autos = [  # each Auto class with the concrete class it builds from the config
    (AutoModelForSequenceClassification, config),
    (AutoModelForCausalLM, decoder),
    (AutoModelForSeq2SeqLM, encoder_decoder),
]
cases = [(type(a.from_config(cfg)), cfg, a) for a, cfg in autos]
assert [cls.__name__ for cls, _, _ in cases] == [
    "BertForSequenceClassification",
    "GPT2LMHeadModel",
    "T5ForConditionalGeneration",
]
for cls, cfg, auto_cls in cases:
    for saved_mode in ("train", "eval", "mixed"):
        source = cls(cfg)
        if saved_mode == "eval":
            source.eval()
        elif saved_mode == "mixed":
            source.eval()
            next(
                m for m in source.modules() if isinstance(m, torch.nn.Dropout)
            ).train()
        with tempfile.TemporaryDirectory() as folder:
            source.save_pretrained(folder)
            for loader in (cls, auto_cls):
                back = loader.from_pretrained(folder)
                assert not any(m.training for m in back.modules()), (
                    cls,
                    loader,
                )
# --8<-- [end:check]
