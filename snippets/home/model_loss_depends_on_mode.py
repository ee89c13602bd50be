"""The same loss module gives a model with Dropout or BatchNorm a different loss in train and eval mode."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x, y = torch.randn(16, 4), torch.randn(16, 1)
loss_fn = nn.MSELoss()
models = {
    "no mode-dependent layer": nn.Sequential(nn.Linear(4, 8), nn.Linear(8, 1)),
    "with Dropout": nn.Sequential(
        nn.Linear(4, 8), nn.Dropout(), nn.Linear(8, 1)
    ),
    "with BatchNorm": nn.Sequential(
        nn.Linear(4, 8), nn.BatchNorm1d(8), nn.Linear(8, 1)
    ),
}
results = {}
for name, model in models.items():
    with torch.no_grad():
        train_loss = loss_fn(model.train()(x), y).item()
        eval_loss = loss_fn(model.eval()(x), y).item()
    results[name] = (train_loss, eval_loss)
    print(f"{name:<24} train={train_loss:.4f}  eval={eval_loss:.4f}")
# --8<-- [end:show]

# --8<-- [start:check]
plain, dropout, batchnorm = results.values()
assert plain[0] == plain[1]
assert dropout[0] != dropout[1] and batchnorm[0] != batchnorm[1]
# The loss module is not why: it gives equal losses for equal outputs.
# The model's output differs, in both grad modes.
for grad in (True, False):
    for name in ("with Dropout", "with BatchNorm"):
        model = models[name]
        with torch.set_grad_enabled(grad):
            out_train, out_eval = model.train()(x), model.eval()(x)
            assert not torch.allclose(out_train, out_eval), name
            assert torch.equal(
                loss_fn.train()(out_eval, y), loss_fn.eval()(out_eval, y)
            )
# --8<-- [end:check]
