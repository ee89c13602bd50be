"""In train mode BatchNorm1d, 2d and 3d blend batch statistics into their buffers; eval mode leaves them alone."""

# --8<-- [start:show]
import torch
import torch.nn as nn

torch.manual_seed(0)
x = torch.randn(4, 2) + 5  # 4 samples, 2 channels
print("batch mean:", [round(v, 3) for v in x.mean(0).tolist()])
print("unbiased batch var:", [round(v, 3) for v in x.var(0).tolist()])

# The same data shaped for each layer: (N, C), (N, C, H, W), (N, C, D, H, W).
layers = {
    nn.BatchNorm1d(2): x,
    nn.BatchNorm2d(2): x[:, :, None, None],
    nn.BatchNorm3d(2): x[:, :, None, None, None],
}
after = {}
print("after one train step, then one eval step on the same batch:")
print(
    f"{'layer':12} {'running_mean':15} {'running_var':15} batches  eval kept"
)
for bn, shaped in layers.items():
    bn.train()(shaped)
    after[bn] = [t.clone() for t in bn.buffers()]
    bn.eval()(shaped)  # an eval-mode forward on the same batch
    kept = all(torch.equal(a, b) for a, b in zip(after[bn], bn.buffers()))
    mean = [round(v, 3) for v in bn.running_mean.tolist()]
    var = [round(v, 3) for v in bn.running_var.tolist()]
    count = int(bn.num_batches_tracked)
    print(f"{type(bn).__name__:12} {mean!s:15} {var!s:15} {count:<8} {kept}")
# --8<-- [end:show]

# --8<-- [start:check]
for grad in (True, False):
    with torch.set_grad_enabled(grad):
        for cls, shaped in zip(
            (nn.BatchNorm1d, nn.BatchNorm2d, nn.BatchNorm3d), layers.values()
        ):
            bn = cls(2)
            train_out = bn.train()(shaped)
            # momentum 0.1: new = 0.9 * old + 0.1 * batch, from 0 and 1
            assert torch.allclose(bn.running_mean, 0.1 * x.mean(0))
            assert torch.allclose(bn.running_var, 0.9 + 0.1 * x.var(0))
            assert bn.num_batches_tracked == 1
            before = [t.clone() for t in bn.buffers()]
            eval_out = bn.eval()(shaped)
            assert all(torch.equal(a, b) for a, b in zip(before, bn.buffers()))
            # eval normalises with the running statistics
            shape = (1, 2) + (1,) * (shaped.dim() - 2)
            rm = bn.running_mean.view(shape)
            rv = bn.running_var.view(shape)
            expected = (shaped - rm) / torch.sqrt(rv + bn.eps)
            assert torch.allclose(eval_out, expected, atol=1e-5)
            assert not torch.allclose(train_out, eval_out)
# --8<-- [end:check]
