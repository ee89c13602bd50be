"""BERT and GPT-2 attention pass dropout=0.0 to the kernel in eval mode, and the config's rate in train mode."""
# transformers 5 turns itself off below torch 2.6.
# Applies to: torch>=2.6

# --8<-- [start:show]
import torch
from transformers import AttentionInterface, BertConfig, BertModel
from transformers.integrations.sdpa_attention import sdpa_attention_forward

torch.manual_seed(0)
passed = []  # the dropout each attention call receives


def spy(module, query, key, value, attention_mask, dropout=0.0, **kwargs):
    passed.append(dropout)
    return sdpa_attention_forward(
        module, query, key, value, attention_mask, dropout=dropout, **kwargs
    )


AttentionInterface.register("spy", spy)  # an attention kernel of our own
config = BertConfig(
    hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
    attention_probs_dropout_prob=0.25, attn_implementation="spy",
)  # fmt: skip
model = BertModel(config)
ids = torch.randint(0, 99, (1, 6))
for mode in ("train", "eval"):
    getattr(model, mode)()
    passed.clear()
    model(ids)
    print(f"model.{mode}(): dropout passed to each layer's attention:", passed)
# --8<-- [end:show]

# The attention modules pass `dropout=0.0 if not self.training else
# self.dropout.p` (BERT) or `self.attn_dropout.p if self.training else 0.0`
# (GPT-2) to the kernel (transformers/models/*/modeling_*.py); the eager kernel
# also calls F.dropout(training=module.training). Swept over an encoder and a
# decoder, both modes, and the kernels sdpa and eager: in eval mode, outputs
# repeat exactly; in train mode with attention dropout only, they do not. Both
# hold an nn.Dropout whose rate they pass; on these paths it is never called.
# Two exceptions, checked: GPT-2's eager path with reorder_and_upcast_attn=True
# calls its attn_dropout module itself, and flex_attention refuses a non-zero
# dropout (transformers/integrations/flex_attention.py), so BERT in train mode
# with its default attention dropout raises ValueError there.
# --8<-- [start:check]
import logging  # noqa: E402

from transformers import GPT2Config, GPT2Model  # noqa: E402

assert passed == [0.0, 0.0]
model.train()
passed.clear()
model(ids)
assert passed == [0.25, 0.25]


def tiny_gpt2(attn_pdrop, attn_implementation, **options):
    """A 2-layer GPT-2 whose only dropout is the attention's."""
    return GPT2Model(
        GPT2Config(
            n_embd=32,
            n_layer=2,
            n_head=2,
            attn_pdrop=attn_pdrop,
            resid_pdrop=0.0,
            embd_pdrop=0.0,
            use_cache=False,
            attn_implementation=attn_implementation,
            **options,
        )  # fmt: skip
    )


net = tiny_gpt2(0.25, "spy")
for mode, rate in ((True, 0.25), (False, 0.0)):
    net.train(mode)
    passed.clear()
    net(ids)
    assert passed == [rate, rate], (mode, passed)
for kernel in ("sdpa", "eager"):
    bert = BertModel(
        BertConfig(
            hidden_size=32,
            num_hidden_layers=2,
            num_attention_heads=2,
            attention_probs_dropout_prob=0.5,
            hidden_dropout_prob=0.0,
            attn_implementation=kernel,
        )  # fmt: skip
    )
    gpt = tiny_gpt2(0.5, kernel)
    held = [
        bert.encoder.layer[0].attention.self.dropout,
        gpt.h[0].attn.attn_dropout,
    ]
    called = []
    for module in held:
        assert isinstance(module, torch.nn.Dropout) and module.p == 0.5
        module.register_forward_hook(lambda *a, sink=called: sink.append(a))
    for net in (bert, gpt):
        net.train()
        assert not torch.equal(net(ids)[0], net(ids)[0]), kernel
        net.eval()
        assert torch.equal(net(ids)[0], net(ids)[0]), kernel
    assert called == [], kernel  # the rate is passed, the module not called

upcast = tiny_gpt2(0.5, "eager", reorder_and_upcast_attn=True)
flags = []
for block in upcast.h:
    block.attn.attn_dropout.register_forward_hook(
        lambda module, *args: flags.append(module.training)
    )
for mode in (True, False):
    upcast.train(mode)
    upcast(ids)
assert flags == [True, True, False, False], flags
# On a CUDA build of torch without a GPU, loading flex attention's compiler
# logs that no CUDA runtime is found: about the machine, not the mode.
logging.getLogger("torch.utils.cpp_extension").setLevel(logging.ERROR)
flex = BertModel(
    BertConfig(
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        attn_implementation="flex_attention",
    )  # fmt: skip
)
assert flex.config.attention_probs_dropout_prob > 0  # BERT's default, 0.1
# The layer's own attention, called without a mask: the whole model would first
# compile flex attention's block mask (~10 s), which has nothing to do with the mode.
attention = flex.encoder.layer[0].attention.self
try:
    attention.train()(torch.randn(1, 6, 32))
except ValueError as error:
    assert "`flex_attention` does not support `dropout`" in str(error)
else:
    raise AssertionError("flex_attention should refuse dropout in train mode")
# --8<-- [end:check]
