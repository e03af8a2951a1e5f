"""A correct rewrite whose every gradient comes from PyTorch autograd, in the book's naming
(`weights`, `inputs`, `dinputs`, `dvalues`; `forward(inputs)` without `training`).

Each backward rebuilds its forward in torch on leaf tensors and asks `torch.autograd.grad` for the
vector-Jacobian product with the upstream gradient, so nothing is derived by hand. Conventions:
float32 is computed by torch in float32 (float64 in float64; integer data in float64); ReLU via
torch.relu blocks the gradient at 0; dbiases has shape (b,); CCE and BCE clip with torch.clamp
to [1e-7, 1 − 1e-7] and differentiate THROUGH the clamp (gradient 0 beyond the bounds: the exact
derivative of the clipped forward); the fused softmax + CCE goes through torch.log_softmax with no
clipping, and its backward (given only the softmax output S) differentiates at the logits log S,
which have the same softmax. torch is imported at the top: without it this module fails to import.
Arguments are never written to (torch.tensor copies)."""

import numpy as np
import torch

__all__ = [
    "Activation_Linear",
    "Activation_ReLU",
    "Activation_Sigmoid",
    "Activation_Softmax",
    "Activation_Softmax_Loss_CategoricalCrossentropy",
    "Layer_Dense",
    "Layer_Dropout",
    "Loss",
    "Loss_BinaryCrossentropy",
    "Loss_CategoricalCrossentropy",
    "Loss_MeanAbsoluteError",
    "Loss_MeanSquaredError",
]

torch.set_num_threads(1)  # tiny tensors: threads only cost start-up, and the machine is shared
CLIP = 1e-7


def _dtype(*arrays):
    """torch.float32 when every argument is float32, torch.float64 otherwise."""
    if all(np.asarray(a).dtype == np.float32 for a in arrays):
        return torch.float32
    return torch.float64


def _tensor(array, dtype, requires_grad=False):
    """A torch copy of `array` (any layout, read-only included) in `dtype`."""
    numpy_dtype = np.float32 if dtype == torch.float32 else np.float64
    values = np.ascontiguousarray(np.asarray(array), dtype=numpy_dtype)
    return torch.tensor(values, dtype=dtype, requires_grad=requires_grad)


def _numpy(tensor):
    return tensor.detach().numpy()


def _vjp(output, leaves, upstream):
    """⟨upstream, ∂output/∂leaf⟩ for each leaf, as NumPy arrays."""
    grads = torch.autograd.grad(output, leaves, grad_outputs=upstream)
    return [_numpy(g) for g in grads]


def _is_sparse(y_true, n_classes):
    """Class indices: (n,), or a single column (n, 1) when there is more than one class."""
    return y_true.ndim == 1 or (y_true.shape[1] == 1 and n_classes != 1)


def _penalty(layer, w, b):
    """λ₁Σ|W| + λ₂ΣW² + λ₁ᵇΣ|b| + λ₂ᵇΣb² in torch (torch.abs: gradient 0 at exactly 0)."""
    return (layer.weight_regularizer_l1 * w.abs().sum() + layer.weight_regularizer_l2 * (w * w).sum()
            + layer.bias_regularizer_l1 * b.abs().sum() + layer.bias_regularizer_l2 * (b * b).sum())


class Layer_Dense:
    """output = inputs·weights + biases, differentiated by autograd w.r.t. all three; the book's
    regularisation strengths add autograd's gradient of the penalty."""

    def __init__(self, n_inputs, n_neurons, weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0):
        self.weights = 0.01 * np.random.default_rng().standard_normal((n_inputs, n_neurons))
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l1, self.weight_regularizer_l2 = weight_regularizer_l1, weight_regularizer_l2
        self.bias_regularizer_l1, self.bias_regularizer_l2 = bias_regularizer_l1, bias_regularizer_l2

    def _graph(self, inputs, dtype):
        x = _tensor(inputs, dtype, requires_grad=True)
        w = _tensor(self.weights, dtype, requires_grad=True)
        b = _tensor(np.reshape(self.biases, -1), dtype, requires_grad=True)  # (b,): dbiases (b,)
        return (x, w, b), x @ w + b

    def forward(self, inputs):
        self.inputs = np.array(inputs)
        _, output = self._graph(self.inputs, _dtype(self.inputs))
        self.output = _numpy(output)

    def backward(self, dvalues):
        dtype = _dtype(self.inputs, dvalues)
        leaves, output = self._graph(self.inputs, dtype)
        self.dinputs, self.dweights, self.dbiases = _vjp(output, leaves, _tensor(dvalues, dtype))
        w, b = (_tensor(p, dtype, requires_grad=True) for p in (self.weights, np.reshape(self.biases, -1)))
        penalty_w, penalty_b = _vjp(_penalty(self, w, b), [w, b], None)
        self.dweights, self.dbiases = self.dweights + penalty_w, self.dbiases + penalty_b


class Loss:
    """The book's base class: regularization_loss(layer), the penalty evaluated in torch."""

    def regularization_loss(self, layer):
        w, b = (_tensor(p, torch.float64) for p in (layer.weights, layer.biases))
        return _penalty(layer, w, b).item()


class _Activation:
    """forward(inputs) then backward(dvalues): autograd's VJP of `function` at the saved inputs."""

    function = staticmethod(torch.relu)

    def forward(self, inputs):
        self.inputs = np.array(inputs)
        self.output = _numpy(self.function(_tensor(self.inputs, _dtype(self.inputs))))

    def backward(self, dvalues):
        dtype = _dtype(self.inputs, dvalues)
        x = _tensor(self.inputs, dtype, requires_grad=True)
        (self.dinputs,) = _vjp(self.function(x), [x], _tensor(dvalues, dtype))


class Activation_ReLU(_Activation):
    """torch.relu: its gradient is 0 at exactly 0 (PyTorch's choice of subgradient)."""

    function = staticmethod(torch.relu)


class Activation_Softmax(_Activation):
    """torch.softmax over each row (torch shifts by the row max itself)."""

    function = staticmethod(lambda z: torch.softmax(z, dim=1))


class Activation_Sigmoid(_Activation):
    """torch.sigmoid; autograd's backward is dvalues·σ(1 − σ)."""

    function = staticmethod(torch.sigmoid)


def _label_tensor(y_true, n_classes, dtype):
    """(sparse, labels): int64 class indices (n, 1) for gather, or (n, c) float labels."""
    y_true = np.asarray(y_true)
    if _is_sparse(y_true, n_classes):
        return True, torch.tensor(y_true.reshape(-1, 1).astype(np.int64))
    return False, _tensor(y_true, dtype)


class Loss_CategoricalCrossentropy(Loss):
    """Per-sample −Σ_j y_ij log clamp(ŷ_ij); dinputs = autograd of their mean through the clamp."""

    def _losses(self, y_pred, y_true):
        dtype = _dtype(y_pred)
        p = _tensor(y_pred, dtype, requires_grad=True)
        log_p = torch.log(torch.clamp(p, CLIP, 1 - CLIP))
        sparse, labels = _label_tensor(y_true, p.shape[1], dtype)
        if sparse:
            return p, -log_p.gather(1, labels).squeeze(1)
        return p, -(labels * log_p).sum(dim=1)

    def forward(self, y_pred, y_true):
        return _numpy(self._losses(y_pred, y_true)[1])

    def backward(self, dvalues, y_true):
        p, losses = self._losses(dvalues, y_true)
        (self.dinputs,) = _vjp(losses.mean(), [p], None)


class Loss_BinaryCrossentropy(Loss):
    """Per-sample mean over the k outputs of −y log ĉ − (1 − y) log(1 − ĉ), ĉ = clamp(ŷ);
    (n,) labels are read as (n, 1). dinputs = autograd of the mean through the clamp."""

    def _losses(self, y_pred, y_true):
        dtype = _dtype(y_pred)
        p = _tensor(y_pred, dtype, requires_grad=True)
        y = _tensor(np.reshape(y_true, p.shape), dtype)
        clipped = torch.clamp(p, CLIP, 1 - CLIP)
        return p, -(y * torch.log(clipped) + (1 - y) * torch.log(1 - clipped)).mean(dim=1)

    def forward(self, y_pred, y_true):
        return _numpy(self._losses(y_pred, y_true)[1])

    def backward(self, dvalues, y_true):
        p, losses = self._losses(dvalues, y_true)
        (self.dinputs,) = _vjp(losses.mean(), [p], None)


def _fused_loss(logits, y_true):
    """Mean over the batch of −Σ_j y_ij log_softmax(z)_ij, unclipped; 0·log 0 counts as 0."""
    log_s = torch.log_softmax(logits, dim=1)
    sparse, labels = _label_tensor(y_true, logits.shape[1], logits.dtype)
    if sparse:
        return -log_s.gather(1, labels).mean()
    terms = torch.where(labels == 0, torch.zeros_like(log_s), labels * log_s)
    return -terms.sum(dim=1).mean()


class Activation_Softmax_Loss_CategoricalCrossentropy:
    """Softmax then CCE through torch.log_softmax; backward(dvalues=S, y_true) is autograd's
    gradient at the logits log S (softmax(log S) = S), i.e. (S·Σy − y)/n for any label rows."""

    def forward(self, inputs, y_true):
        logits = _tensor(inputs, _dtype(inputs))
        self.output = _numpy(torch.softmax(logits, dim=1))
        return _fused_loss(logits, y_true).item()

    def backward(self, dvalues, y_true):
        s = _tensor(dvalues, _dtype(dvalues))
        logits = torch.log(s).requires_grad_()  # S = 0 gives −inf, whose softmax entry is 0
        (self.dinputs,) = _vjp(_fused_loss(logits, y_true), [logits], None)


class Activation_Linear(_Activation):
    """The identity, as torch sees it (x * 1 keeps a graph): autograd passes dvalues through."""

    function = staticmethod(lambda x: x * 1)


class _RegressionLoss(Loss):
    """Per-sample mean over the J outputs of `term(y − ŷ)`; (n,) labels are (n, 1); dinputs =
    autograd of the batch mean."""

    term = staticmethod(torch.square)

    def _losses(self, y_pred, y_true):
        dtype = _dtype(y_pred)
        p = _tensor(y_pred, dtype, requires_grad=True)
        y = _tensor(np.reshape(y_true, p.shape), dtype)
        return p, self.term(y - p).mean(dim=1)

    def forward(self, y_pred, y_true):
        return _numpy(self._losses(y_pred, y_true)[1])

    def backward(self, dvalues, y_true):
        p, losses = self._losses(dvalues, y_true)
        (self.dinputs,) = _vjp(losses.mean(), [p], None)


class Loss_MeanSquaredError(_RegressionLoss):
    term = staticmethod(torch.square)


class Loss_MeanAbsoluteError(_RegressionLoss):
    """torch.abs: its gradient at 0 is torch.sgn(0) = 0."""

    term = staticmethod(torch.abs)


class Layer_Dropout:
    """torch.nn.functional.dropout of p = rate (the training flag as given); the backward is
    autograd's VJP through the same call, replayed from the RNG state its forward started with
    (so the same mask), in the forward's dtype."""

    def __init__(self, rate):
        self.p = rate

    def _graph(self):
        x = _tensor(self.inputs, self.dtype, requires_grad=True)
        return x, torch.nn.functional.dropout(x, p=self.p, training=self.training)

    def forward(self, inputs, training=True):
        self.inputs, self.training = np.array(inputs), training
        self.dtype, self.state = _dtype(self.inputs), torch.get_rng_state()
        self.output = _numpy(self._graph()[1])

    def backward(self, dvalues):
        with torch.random.fork_rng():
            torch.set_rng_state(self.state)
            x, output = self._graph()
        (self.dinputs,) = _vjp(output, [x], _tensor(dvalues, self.dtype))
