"""RNN, LSTM and GRU apply their dropout between stacked layers in train mode only."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(1, 5, 4)  # (batch, sequence, features)
results = {}
for cls in (nn.RNN, nn.LSTM, nn.GRU):
    rnn = cls(4, 4, num_layers=2, dropout=0.5, batch_first=True)
    no_dropout = cls(4, 4, num_layers=2, dropout=0.0, batch_first=True)
    no_dropout.load_state_dict(rnn.state_dict())
    with torch.no_grad():
        reference = no_dropout(x)[0]
        train_runs = [rnn.train()(x)[0] for _ in range(2)]
        eval_out = rnn.eval()(x)[0]
    differs = not torch.equal(train_runs[0], train_runs[1])
    matches = torch.allclose(eval_out, reference)
    results[cls] = (differs, matches)
    print(
        f"{cls.__name__:4}: two train runs differ: {differs};",
        f"eval equals dropout=0: {matches}",
    )
# --8<-- [end:show]

# --8<-- [start:check]
import warnings  # noqa: E402

assert all(differs and matches for differs, matches in results.values())
for cls in (nn.RNN, nn.LSTM, nn.GRU):
    # with grad enabled too
    rnn = cls(4, 4, num_layers=2, dropout=0.5, batch_first=True)
    assert not torch.equal(rnn.train()(x)[0], rnn(x)[0])
    assert torch.equal(rnn.eval()(x)[0], rnn(x)[0])
    # the dropout is no submodule: only the RNN's own flag switches it
    assert not any(isinstance(m, nn.Dropout) for m in rnn.modules())
    # mixed modes: a train-mode RNN in an eval-mode model drops, an eval-mode
    # RNN in a train-mode model does not
    model = nn.ModuleDict({"rnn": rnn}).eval()
    rnn.train()
    assert not torch.equal(rnn(x)[0], rnn(x)[0])
    model.train()
    rnn.eval()
    assert torch.equal(rnn(x)[0], rnn(x)[0])
    # num_layers=1: there is no "between", so dropout=0.5 drops nothing, in
    # train mode too (torch warns about it at construction)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        single = cls(4, 4, num_layers=1, dropout=0.5, batch_first=True)
    plain = cls(4, 4, num_layers=1, batch_first=True)
    plain.load_state_dict(single.state_dict())
    single.train()
    assert torch.equal(single(x)[0], single(x)[0])
    assert torch.allclose(single(x)[0], plain(x)[0])
# --8<-- [end:check]
