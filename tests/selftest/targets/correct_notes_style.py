"""A correct rewrite of the notes' classes in the notes' naming (`weight`, `dinput`, `dvalue`).

Conventions it picks: float32 stays float32, anything else is computed in float64; labels are
cast to the prediction's float dtype before any arithmetic; CCE labels (n,) or (n, 1) are class
indices and (n, c) labels are one-hot or soft (for c = 1 see `_is_sparse`); BCE (n,) labels are
read as (n, 1); predictions are clipped to [1e-7, 1 − 1e-7] and the backward is the closed form
at the clipped prediction; the softmax backward is vectorised; dbias is (1, b); ReLU passes the
gradient at exactly 0 (the notes' mask `input < 0`). Arguments are never written to."""

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

CLIP = 1e-7


def _floats(array):
    """`array` as float32 (kept) or float64 (every other dtype); no copy when already float."""
    array = np.asarray(array)
    if array.dtype in (np.float32, np.float64):
        return array
    return array.astype(np.float64)


def _clipped(y_pred):
    return np.clip(_floats(y_pred), CLIP, 1 - CLIP)


def _is_sparse(y_true, y_pred):
    """Class indices: (n,), or (n, 1) when c > 1. At c = 1 an integer column of zeros is class 0
    (a one-hot column there is all ones), so that reading is unambiguous too."""
    if y_true.shape != y_pred.shape:
        return True
    return y_pred.shape[1] == 1 and y_true.dtype.kind in "iu" and not y_true.any()


class Layer_Dense:
    """y = x·W + b (notes §一); dW = xᵀ·dvalue, db = Σ_rows dvalue, dx = dvalue·Wᵀ."""

    def __init__(self, n_inputs, n_neurons):
        self.weight = 0.01 * np.random.default_rng().standard_normal((n_inputs, n_neurons))
        self.bias = np.zeros((1, n_neurons))

    def forward(self, input):
        self.input = _floats(input)
        self.output = self.input @ self.weight + self.bias

    def backward(self, dvalue):
        dvalue = _floats(dvalue)
        self.dweight = self.input.T @ dvalue
        self.dbias = np.sum(dvalue, axis=0, keepdims=True)
        self.dinput = dvalue @ self.weight.T


class Activation_ReLU:
    """max(0, x); the gradient is blocked where x < 0 and passes elsewhere (notes §二)."""

    def forward(self, input):
        self.input = _floats(input)
        self.output = np.maximum(0, self.input)

    def backward(self, dvalue):
        self.dinput = np.where(self.input < 0, 0, _floats(dvalue))


class Activation_Softmax:
    """Row softmax with the row-max shift; backward S ⊙ (dvalue − Σ_k dvalue_k S_k) (notes §四)."""

    def forward(self, input):
        self.input = _floats(input)
        exp_value = np.exp(self.input - np.max(self.input, axis=1, keepdims=True))
        self.output = exp_value / np.sum(exp_value, axis=1, keepdims=True)

    def backward(self, dvalue):
        dvalue = _floats(dvalue)
        s = self.output
        self.dinput = s * (dvalue - np.sum(dvalue * s, axis=1, keepdims=True))


class Activation_Sigmoid:
    """σ(x) through e^{−|x|} (no overflow); backward dvalue · σ(1 − σ) (notes §五)."""

    def forward(self, input):
        self.input = _floats(input)
        e = np.exp(-np.abs(self.input))
        self.output = np.where(self.input >= 0, 1, e) / (1 + e)

    def backward(self, dvalue):
        self.dinput = _floats(dvalue) * self.output * (1 - self.output)


class Loss_CategoricalCrossentropy:
    """L_i = −Σ_j y_ij log ŷ_ij (notes §三), valid for sparse, one-hot and soft labels."""

    def _label(self, y_pred, y_true):
        """(n, c) label rows in y_pred's dtype; class indices become one-hot rows."""
        y_true = np.asarray(y_true)
        if not _is_sparse(y_true, y_pred):
            return y_true.astype(y_pred.dtype)
        index = y_true.reshape(-1).astype(np.intp)
        label = np.zeros_like(y_pred)
        label[np.arange(len(index)), index] = 1
        return label

    def forward(self, y_pred, y_true):
        y_pred_clip = _clipped(y_pred)
        label = self._label(y_pred_clip, y_true)
        return -np.sum(label * np.log(y_pred_clip), axis=1)

    def backward(self, y_pred, y_true):
        y_pred_clip = _clipped(y_pred)
        label = self._label(y_pred_clip, y_true)
        self.dinput = -label / y_pred_clip / len(y_pred_clip)


class Loss_BinaryCrossentropy:
    """L_i = (1/k) Σ_j −y log ŷ − (1 − y) log(1 − ŷ) (notes §六); (n,) labels read as (n, 1)."""

    def _label(self, y_pred, y_true):
        y_true = np.asarray(y_true)
        if y_true.ndim == 1:
            y_true = y_true.reshape(-1, 1)
        return y_true.astype(y_pred.dtype)

    def forward(self, y_pred, y_true):
        y_pred_clip = _clipped(y_pred)
        y = self._label(y_pred_clip, y_true)
        loss = -(y * np.log(y_pred_clip) + (1 - y) * np.log(1 - y_pred_clip))
        return np.mean(loss, axis=-1)

    def backward(self, y_pred, y_true):
        y_pred_clip = _clipped(y_pred)
        y = self._label(y_pred_clip, y_true)
        n_sample, n_output = y_pred_clip.shape
        self.dinput = -(y / y_pred_clip - (1 - y) / (1 - y_pred_clip)) / n_output / n_sample


class Activation_Softmax_Loss_CategoricalCrossentropy:
    """Softmax then CCE; backward (S·Σ_j y_j − y)/n, the gradient for any label rows."""

    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, input, y_true):
        self.activation.forward(input)
        self.output = self.activation.output
        return np.mean(self.loss.forward(self.output, y_true))

    def backward(self, y_pred, y_true):
        y_pred = _floats(y_pred)
        y_true = np.asarray(y_true)
        n_sample = len(y_pred)
        if not _is_sparse(y_true, y_pred):
            label = y_true.astype(y_pred.dtype)
            dinput = y_pred * np.sum(label, axis=1, keepdims=True) - label
        else:
            dinput = y_pred.copy()
            dinput[np.arange(n_sample), y_true.reshape(-1).astype(np.intp)] -= 1
        self.dinput = dinput / n_sample
