"""On CPU, RNN, LSTM and GRU backpropagate in eval mode, with the gradients of train mode when dropout is 0."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(5, 2, 4)  # (sequence, batch, features)
grads = {}
for cls in (nn.RNN, nn.LSTM, nn.GRU):
    for mode in ("train", "eval"):
        torch.manual_seed(1)
        rnn = cls(4, 3, num_layers=2, dropout=0.0).train(mode == "train")
        with torch.backends.cudnn.flags(enabled=False):  # the GPU-side fix
            rnn(x)[0].sum().backward()  # on CPU it works with or without it
        grads[cls.__name__, mode] = rnn.weight_hh_l0.grad
    same = torch.allclose(
        grads[cls.__name__, "train"], grads[cls.__name__, "eval"]
    )
    print(f"{cls.__name__}: backward in eval mode ran; same gradients: {same}")
# --8<-- [end:show]

# The check also runs each one with dropout=0.5 in eval mode (backward runs)
# and without the cudnn.flags context.
# --8<-- [start:check]
for cls in (nn.RNN, nn.LSTM, nn.GRU):
    assert torch.allclose(
        grads[cls.__name__, "train"], grads[cls.__name__, "eval"]
    )
    rnn = cls(4, 3, num_layers=2, dropout=0.5).eval()
    rnn(x)[0].sum().backward()
    assert rnn.weight_ih_l0.grad is not None
# --8<-- [end:check]
