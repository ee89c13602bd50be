"""Transformer layers repeat their output in eval mode but not in train mode, where their dropout is active."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
size = {
    "d_model": 4,
    "nhead": 2,
    "dim_feedforward": 8,
}  # dropout defaults to 0.1 everywhere
src, tgt = torch.randn(1, 5, 4), torch.randn(1, 3, 4)
modules = {
    "TransformerEncoderLayer": (
        nn.TransformerEncoderLayer(**size, batch_first=True),
        (src,),
    ),
    "TransformerDecoderLayer": (
        nn.TransformerDecoderLayer(**size, batch_first=True),
        (tgt, src),
    ),
    "TransformerEncoder": (
        nn.TransformerEncoder(
            nn.TransformerEncoderLayer(**size, batch_first=True),
            2,
            enable_nested_tensor=False,
        ),
        (src,),
    ),
    "TransformerDecoder": (
        nn.TransformerDecoder(
            nn.TransformerDecoderLayer(**size, batch_first=True), 2
        ),
        (tgt, src),
    ),
    "Transformer": (
        nn.Transformer(
            **size,
            num_encoder_layers=1,
            num_decoder_layers=1,
            batch_first=True,
        ),
        (src, tgt),
    ),
}
print(
    f"{'module':24} {'train: two calls equal':>23} {'eval: two calls equal':>22}  dropout p"
)
for name, (module, inputs) in modules.items():
    rates = sorted(
        {m.p for m in module.modules() if isinstance(m, nn.Dropout)}
    )
    with torch.no_grad():
        train_equal = torch.equal(module.train()(*inputs), module(*inputs))
        eval_equal = torch.equal(module.eval()(*inputs), module(*inputs))
    print(f"{name:24} {train_equal!s:>23} {eval_equal!s:>22}  {rates}")
    assert not train_equal and eval_equal and rates == [0.1]
# --8<-- [end:show]

# --8<-- [start:check]

# --8<-- [end:check]
