"""The statements the site labels "GPU only; not run here", run where a GPU is present.

The site is checked on machines without a GPU, so these statements are cited from
torch's source on the pages (docs/faq.md, "cudnn RNN backward can only be called in
training mode"). On a machine with CUDA and cuDNN this file runs them; without,
every test here skips with the reason. Keep the page and these tests in step.
"""

import pytest

torch = pytest.importorskip("torch")

needs_cudnn = pytest.mark.skipif(
    not (torch.cuda.is_available() and torch.backends.cudnn.is_available()),
    reason="needs CUDA with cuDNN; the page labels these statements as not run here",
)
RNN_CLASSES = ["RNN", "LSTM", "GRU"]


def _rnn(name: str, dropout: float = 0.0):
    torch.manual_seed(0)
    return getattr(torch.nn, name)(4, 8, num_layers=2, dropout=dropout).cuda()


def _backward(rnn) -> None:
    x = torch.randn(5, 3, 4, device="cuda", requires_grad=True)
    output, _ = rnn(x)
    output.sum().backward()


@needs_cudnn
@pytest.mark.parametrize("name", RNN_CLASSES)
def test_cudnn_rnn_backward_refuses_eval_mode(name):
    with pytest.raises(RuntimeError, match="cudnn RNN backward can only be called in training mode"):
        _backward(_rnn(name).eval())


@needs_cudnn
@pytest.mark.parametrize("name", RNN_CLASSES)
def test_train_mode_rnn_without_dropout_backpropagates_with_eval_gradients(name):
    rnn = _rnn(name, dropout=0.0)
    x = torch.randn(5, 3, 4, device="cuda", requires_grad=True)
    with torch.backends.cudnn.flags(enabled=False):
        rnn.eval()
        rnn(x)[0].sum().backward()
    eval_grad = x.grad.clone()
    x.grad = None
    rnn.train()
    rnn(x)[0].sum().backward()
    torch.testing.assert_close(x.grad, eval_grad)


@needs_cudnn
@pytest.mark.parametrize("name", RNN_CLASSES)
def test_eval_mode_rnn_backpropagates_without_cudnn(name):
    with torch.backends.cudnn.flags(enabled=False):
        _backward(_rnn(name).eval())
