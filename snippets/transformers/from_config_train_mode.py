"""A model built from a config, by its constructor or from_config, is in train mode; BERT's dropout is on."""
# transformers 5 turns itself off below torch 2.6.
# Applies to: torch>=2.6

# --8<-- [start:show]
import torch
from transformers import AutoModel, BertConfig, BertModel

torch.manual_seed(0)
config = BertConfig(  # tiny, and built here: nothing comes from the hub
    vocab_size=99, hidden_size=32, num_hidden_layers=2, num_attention_heads=2
)
ids = torch.randint(0, 99, (1, 6))

for name, model in (
    ("BertModel(config)", BertModel(config)),
    ("AutoModel.from_config", AutoModel.from_config(config)),
):
    in_eval = sum(not module.training for module in model.modules())
    with torch.no_grad():
        a, b = model(ids).last_hidden_state, model(ids).last_hidden_state
    print(f"{name}: training={model.training}, modules in eval:", in_eval)
    print("  two forward passes agree:", torch.equal(a, b))
    model.eval()
    with torch.no_grad():
        a, b = model(ids).last_hidden_state, model(ids).last_hidden_state
    print("  after model.eval(), they agree:", torch.equal(a, b))
# --8<-- [end:show]

# A PreTrainedModel is an nn.Module: a new one is in train mode, and neither its
# constructor nor from_config calls eval() on the whole model. Swept over an
# encoder, a decoder and an encoder-decoder, and both ways of building them.
# Two limits, checked too: a config with no dropout (Llama's defaults) gives
# equal forward passes even in train mode, and BLT's constructor puts its
# frozen patcher in eval mode itself (transformers/models/blt/modeling_blt.py).
# --8<-- [start:check]
from transformers import (  # noqa: E402
    AutoModelForCausalLM,
    AutoModelForSeq2SeqLM,
    GPT2Config,
    GPT2LMHeadModel,
    T5Config,
    T5ForConditionalGeneration,
)

gpt2 = GPT2Config(
    vocab_size=99,
    n_embd=32,
    n_layer=2,
    n_head=2,
    n_positions=16,
    bos_token_id=0,
    eos_token_id=0,
)
t5 = T5Config(
    vocab_size=99, d_model=32, d_kv=8, d_ff=37, num_layers=2, num_heads=2
)
cases = [
    (BertModel, config, AutoModel, {}),
    (GPT2LMHeadModel, gpt2, AutoModelForCausalLM, {}),
    (
        T5ForConditionalGeneration,
        t5,
        AutoModelForSeq2SeqLM,
        {"decoder_input_ids": ids},
    ),
]
for cls, cfg, auto_cls, extra in cases:
    for model in (cls(cfg), auto_cls.from_config(cfg)):
        assert all(m.training for m in model.modules()), cls
        with torch.no_grad():
            first = model(ids, **extra)[0]
            assert not torch.equal(first, model(ids, **extra)[0]), cls
            model.eval()
            first = model(ids, **extra)[0]
            assert torch.equal(first, model(ids, **extra)[0]), cls

from transformers import BltConfig, BltModel, LlamaConfig, LlamaModel  # noqa: E402

llama = LlamaConfig(
    vocab_size=99, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
    num_attention_heads=2, num_key_value_heads=2,
)  # fmt: skip
for model in (LlamaModel(llama), AutoModel.from_config(llama)):
    assert all(m.training for m in model.modules())
    with torch.no_grad():  # train mode, yet no dropout to draw
        assert torch.equal(model(ids)[0], model(ids)[0])
small = dict(
    hidden_size=32, num_attention_heads=2, num_hidden_layers=1,
    intermediate_size=64,
)  # fmt: skip
blt = BltConfig(  # hash vocab cut from 500,002 rows per group, 3M in all
    vocab_size=260, encoder_hash_byte_group_vocab=64,
    encoder_config=small, decoder_config=small,
    global_config=small,
    patcher_config=dict(small, vocab_size=260, num_key_value_heads=2),
)  # fmt: skip
assert blt.patch_in_forward  # the default, which builds the frozen patcher
for model in (BltModel(blt), AutoModel.from_config(blt)):
    frozen = {n for n, m in model.named_modules() if not m.training}
    assert model.training and frozen, frozen
    assert all(n.startswith("patcher") for n in frozen), frozen
# --8<-- [end:check]
