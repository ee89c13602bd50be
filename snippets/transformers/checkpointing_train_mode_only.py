"""Transformers layers checkpoint only in train mode with grad on: in eval mode nothing is recomputed."""
# transformers 5 turns itself off below torch 2.6.
# Applies to: torch>=2.6

# --8<-- [start:show]
import torch
from transformers import GPT2Config, GPT2LMHeadModel

torch.manual_seed(0)
config = GPT2Config(n_embd=32, n_layer=2, n_head=2, use_cache=False)
model = GPT2LMHeadModel(config)
model.activation_checkpointing_enable()  # gradient_checkpointing_enable()
calls = []  # one entry each time a block's attention runs
for block in model.transformer.h:
    block.attn.register_forward_pre_hook(lambda m, a: calls.append(1))
ids = torch.randint(0, 99, (1, 8))


def attention_runs(training, grad, net=model):
    net.train(training)
    calls.clear()
    with torch.set_grad_enabled(grad):
        out = net(ids)[0]  # GPT-2's logits, BERT's hidden states
        if grad:
            out.sum().backward()
    return len(calls)


print("attention runs in a step (2 layers):")
print("  train mode, forward+backward:", attention_runs(True, True))
print("  eval mode, forward+backward: ", attention_runs(False, True))
print("  train mode under no_grad:    ", attention_runs(True, False))
# --8<-- [end:show]

# GradientCheckpointingLayer (transformers/modeling_layers.py) checkpoints its
# forward only `if self.gradient_checkpointing and self.training and
# torch.is_grad_enabled()`; a checkpointed layer runs again in backward. Swept
# over a decoder and an encoder, and over both modes and both grad modes.
# --8<-- [start:check]
from transformers import BertConfig, BertModel  # noqa: E402

assert attention_runs(True, True) == 2 * config.n_layer
assert attention_runs(False, True) == config.n_layer
assert attention_runs(True, False) == config.n_layer
assert attention_runs(False, False) == config.n_layer
bert = BertModel(
    BertConfig(
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        use_cache=False,
    )  # fmt: skip
)
bert.activation_checkpointing_enable()
for layer in bert.encoder.layer:  # the same count, for BERT's layers
    layer.attention.register_forward_pre_hook(lambda m, a: calls.append(1))
for training in (True, False):
    for grad in (True, False):
        expected = 4 if training and grad else 2
        got = attention_runs(training, grad, bert)
        assert got == expected, (training, grad, got)
# The older name, gradient_checkpointing_enable, warns that it is deprecated
# (transformers 5.24) and does the same.
import warnings  # noqa: E402

legacy = GPT2LMHeadModel(config)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    legacy.gradient_checkpointing_enable()
assert any("deprecated" in str(w.message) for w in caught)
for block in legacy.transformer.h:
    block.attn.register_forward_pre_hook(lambda m, a: calls.append(1))
for training, expected in ((True, 4), (False, 2)):
    got = attention_runs(training, True, legacy)
    assert got == expected, (training, got)
# Every call of checkpoint() or _gradient_checkpointing_func() in the models
# and in GradientCheckpointingLayer sits inside an `if` that tests
# self.training; the models that make such calls themselves have no grad test.
import ast  # noqa: E402
import pathlib  # noqa: E402

import transformers  # noqa: E402

package = pathlib.Path(transformers.__file__).parent


def checkpoint_calls(path):  # [(line, conditions of the ifs around it)]
    found = []

    def visit(node, conditions):
        for field, value in ast.iter_fields(node):
            inner = conditions
            if isinstance(node, ast.If) and field == "body":
                inner = [*conditions, ast.unparse(node.test)]
            for child in value if isinstance(value, list) else [value]:
                if isinstance(child, ast.AST):
                    visit(child, inner)
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "attr", getattr(func, "id", ""))
            if name in ("checkpoint", "_gradient_checkpointing_func"):
                found.append((node.lineno, conditions))

    visit(ast.parse(path.read_text()), [])
    return found


sites = {}
for path in [package / "modeling_layers.py", *package.glob("models/*/*.py")]:
    if "checkpoint(" in path.read_text():
        for line, conditions in checkpoint_calls(path):
            sites[f"{path.relative_to(package)}:{line}"] = " and ".join(
                conditions
            )
assert sites and all("self.training" in c for c in sites.values()), sites
own = {
    site.split("/")[1] for site, c in sites.items() if "grad_enabled" not in c
}
assert own == {"clvp", "grounding_dino", "mm_grounding_dino"}, own
# --8<-- [end:check]
