"""A learner-style but correct rewrite in the book's naming (`weights`, `inputs`, `dinputs`,
`dvalues`; `forward(inputs, training)`, loss `backward(dvalues, y_true)`).

Conventions it picks: CCE and BCE clip to [eps, 1 − eps] with eps = 1e-12 (machine epsilon in
float32, where 1 − 1e-12 rounds to 1), and the backward is the exact derivative of the clipped
forward: the closed form inside the bounds and 0 where ŷ lies outside them (a constant there),
so exactly 0 and 1 still give finite values; sigmoid clips its input to ±500 first, the common
overflow guard (in float64 the gradient beyond is frozen at ~7e-218·dvalue, far below one
rounding unit of dvalue; in float32 e^{500} itself overflows to inf and σ is 0, IEEE behaviour);
softmax is exp((z − max) − log Σ e^{z − max}) and its backward contracts the batch of c×c Jacobians with
einsum; one-hot rows come from comparing the indices with arange(c); ReLU multiplies by
heaviside(x, 1), passing the gradient at 0; the fused class computes its loss by log-sum-exp,
Σ_j y_ij (logsumexp(z_i) − z_ij), without any clip, and its backward is (S·Σy − y)/n; dbiases is
(1, b). float32 stays float32. Arguments are never written to."""

import numpy as np

__all__ = [
    "Activation_ReLU",
    "Activation_Sigmoid",
    "Activation_Softmax",
    "Activation_Softmax_Loss_CategoricalCrossentropy",
    "Layer_Dense",
    "Loss_BinaryCrossentropy",
    "Loss_CategoricalCrossentropy",
]

EPS = 1e-12


def _floats(*arrays):
    """The arrays as float32 when all are float32, else all as float64."""
    arrays = [np.asarray(a) for a in arrays]
    dtype = np.float32 if all(a.dtype == np.float32 for a in arrays) else np.float64
    return [a.astype(dtype, copy=False) for a in arrays]


def _bounds(dtype):
    eps = max(EPS, float(np.finfo(dtype).eps))
    return eps, 1 - eps


def _inside(y_pred):
    """(ŷ clipped, mask of the entries the clip leaves alone: where its derivative is 1)."""
    low, high = _bounds(y_pred.dtype)
    return np.clip(y_pred, low, high), (y_pred >= low) & (y_pred <= high)


def _labels(y_true, n_classes, dtype):
    """(n, c) label rows: (n,) indices, or an (n, 1) column with c > 1, compared with arange(c)."""
    y_true = np.asarray(y_true)
    if y_true.ndim == 1 or (y_true.shape[1] == 1 and n_classes > 1):
        indices = y_true.reshape(-1, 1).astype(np.int64)
        return (indices == np.arange(n_classes)).astype(dtype)
    return y_true.astype(dtype)


def _log_softmax(z):
    """z − logsumexp(z) per row, as (z − max) − log Σ e^{z − max}: the shift is subtracted before
    the log is added, so a large max costs no accuracy."""
    with np.errstate(over="ignore"):  # z − max overflowing to −inf has e^{−inf} = 0, exact
        shifted = z - np.max(z, axis=1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))


class Layer_Dense:
    """output = inputs·weights + biases; dweights as a sum of per-sample outer products (einsum)."""

    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.default_rng().standard_normal((n_inputs, n_neurons))
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs, training):
        (self.inputs,) = _floats(inputs)
        dtype = self.inputs.dtype
        self.output = self.inputs @ self.weights.astype(dtype) + self.biases.astype(dtype)

    def backward(self, dvalues):
        inputs, dvalues = _floats(self.inputs, dvalues)
        self.dweights = np.einsum("ni,nj->ij", inputs, dvalues)
        self.dbiases = dvalues.sum(axis=0).reshape(1, -1)
        self.dinputs = dvalues @ self.weights.astype(dvalues.dtype).T


class Activation_ReLU:
    """max(0, x); backward dvalues·heaviside(x, 1): the gradient passes at exactly 0."""

    def forward(self, inputs, training):
        (self.inputs,) = _floats(inputs)
        self.output = np.maximum(self.inputs, 0)

    def backward(self, dvalues):
        inputs, dvalues = _floats(self.inputs, dvalues)
        self.dinputs = dvalues * np.heaviside(inputs, 1).astype(dvalues.dtype)


class Activation_Softmax:
    """exp of the log-softmax per row; backward Σ_j J_ikj·dvalues_ij over a batch of Jacobians."""

    def forward(self, inputs, training):
        (self.inputs,) = _floats(inputs)
        self.output = np.exp(_log_softmax(self.inputs))

    def backward(self, dvalues):
        s, dvalues = _floats(self.output, dvalues)
        jacobians = np.einsum("ni,ij->nij", s, np.eye(s.shape[1], dtype=s.dtype))
        jacobians -= np.einsum("ni,nj->nij", s, s)
        self.dinputs = np.einsum("nij,nj->ni", jacobians, dvalues)


class Activation_Sigmoid:
    """1 / (1 + e^{−x}) with x clipped to ±500 first; backward dvalues·(1 − σ)·σ."""

    def forward(self, inputs, training):
        (self.inputs,) = _floats(inputs)
        x = np.clip(self.inputs, -500, 500)
        self.output = 1 / (1 + np.exp(-x))

    def backward(self, dvalues):
        output, dvalues = _floats(self.output, dvalues)
        self.dinputs = dvalues * (1 - output) * output


class Loss_CategoricalCrossentropy:
    """Per-sample −Σ_j y_ij log clip(ŷ_ij); backward −y/ŷ/n where the clip is the identity, 0
    where it is constant."""

    def forward(self, y_pred, y_true):
        (y_pred,) = _floats(y_pred)
        clipped, _ = _inside(y_pred)
        labels = _labels(y_true, y_pred.shape[1], y_pred.dtype)
        return -np.sum(labels * np.log(clipped), axis=1)

    def backward(self, dvalues, y_true):
        (y_pred,) = _floats(dvalues)
        clipped, inside = _inside(y_pred)
        labels = _labels(y_true, y_pred.shape[1], y_pred.dtype)
        self.dinputs = np.where(inside, -labels / clipped, 0).astype(y_pred.dtype) / len(y_pred)


class Loss_BinaryCrossentropy:
    """Per-sample mean over k of −y log ĉ − (1 − y) log(1 − ĉ), ĉ = clip(ŷ); backward the exact
    derivative of that: the closed form inside the clip bounds, 0 outside. (n,) labels are (n, 1)."""

    @staticmethod
    def _labels(y_true, y_pred):
        y_true = np.asarray(y_true)
        if y_true.ndim == 1:
            y_true = y_true[:, np.newaxis]
        return y_true.astype(y_pred.dtype)

    def forward(self, y_pred, y_true):
        (y_pred,) = _floats(y_pred)
        clipped, _ = _inside(y_pred)
        y = self._labels(y_true, y_pred)
        return -np.mean(y * np.log(clipped) + (1 - y) * np.log1p(-clipped), axis=-1)

    def backward(self, dvalues, y_true):
        (y_pred,) = _floats(dvalues)
        clipped, inside = _inside(y_pred)
        y = self._labels(y_true, y_pred)
        samples, outputs = y_pred.shape
        closed_form = (1 - y) / (1 - clipped) - y / clipped
        self.dinputs = np.where(inside, closed_form, 0).astype(y_pred.dtype) / (samples * outputs)


class Activation_Softmax_Loss_CategoricalCrossentropy:
    """Softmax and CCE fused through log-sum-exp (no clip); backward (S·Σy − y)/n."""

    def forward(self, inputs, y_true):
        (z,) = _floats(inputs)
        log_softmax = _log_softmax(z)  # ≤ 0; −inf only where the gap z − max overflows
        self.output = np.exp(log_softmax)
        labels = _labels(y_true, z.shape[1], z.dtype)
        with np.errstate(invalid="ignore"):  # 0·inf counts as 0
            terms = np.where(labels == 0, 0, labels * -log_softmax)
        return np.mean(np.sum(terms, axis=1))

    def backward(self, dvalues, y_true):
        (s,) = _floats(dvalues)
        labels = _labels(y_true, s.shape[1], s.dtype)
        self.dinputs = (s * labels.sum(axis=1, keepdims=True) - labels) / len(s)
