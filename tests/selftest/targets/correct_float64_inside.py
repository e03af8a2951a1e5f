"""A correct rewrite that computes every layer in float64 internally, in the notes' naming
(`weight`, `input`, `dinput`, `dvalue`; `forward(input)`).

For float32 arguments each result is rounded back to float32 once, at the end: more accurate
arithmetic than the input dtype, the same dtype out (float64 stays float64; integer data gives
float64). Other conventions: the forward keeps its float64 intermediates (softmax's and
sigmoid's outputs) for the backward; the softmax backward is S·(g − ⟨g, S⟩_row) with the row dot
products as a batched matmul; sigmoid is 1/(1 + e^{−|x|}), times e^{−|x|} for x < 0; ReLU takes
the subgradient 1/2 at exactly 0 (any value in [0, 1] is valid); CCE and BCE clip to
[1e-7, 1 − 1e-7] with the closed form at the clipped prediction; sparse labels are picked with
np.take_along_axis and scattered back with np.put_along_axis; dbias is (1, b); the fused
backward is (S·Σy − y)/n. Arguments are never written to."""

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


def _result_dtype(*arrays):
    """float32 when every argument is float32, float64 otherwise: the dtype results return in."""
    return np.float32 if all(np.asarray(a).dtype == np.float32 for a in arrays) else np.float64


def _wide(array):
    """`array` as a new float64 array."""
    return np.array(array, dtype=np.float64)


def _sparse(y_true, n_classes):
    """Class indices: (n,), or an (n, 1) column when c > 1."""
    return y_true.ndim == 1 or (y_true.shape[1] == 1 and n_classes > 1)


class Layer_Dense:
    """output = input·weight + bias in float64; the gradients by tensordot, rounded once."""

    def __init__(self, n_inputs, n_neurons):
        self.weight = 0.01 * np.random.default_rng().standard_normal((n_inputs, n_neurons))
        self.bias = np.zeros((1, n_neurons))

    def forward(self, input):
        self.input = np.asarray(input)
        self._x = _wide(input)
        self.output = (self._x @ _wide(self.weight) + _wide(self.bias)).astype(_result_dtype(input))

    def backward(self, dvalue):
        dtype = _result_dtype(self.input, dvalue)
        g = _wide(dvalue)
        self.dweight = np.tensordot(self._x, g, axes=(0, 0)).astype(dtype)
        self.dbias = g.sum(axis=0, keepdims=True).astype(dtype)
        self.dinput = np.tensordot(g, _wide(self.weight), axes=(1, 1)).astype(dtype)


class Activation_ReLU:
    """max(0, x); backward dvalue where x > 0, dvalue/2 at exactly 0, 0 where x < 0."""

    def forward(self, input):
        self.input = np.asarray(input)
        self.output = np.maximum(_wide(input), 0).astype(_result_dtype(input))

    def backward(self, dvalue):
        x, g = _wide(self.input), _wide(dvalue)
        slope = np.where(x > 0, 1.0, np.where(x == 0, 0.5, 0.0))
        self.dinput = (slope * g).astype(_result_dtype(self.input, dvalue))


class Activation_Softmax:
    """Row softmax with the max shift, in float64; backward S·(g − ⟨g, S⟩) per row."""

    def forward(self, input):
        self.input = np.asarray(input)
        z = _wide(input)
        with np.errstate(over="ignore"):  # z − max overflowing to −inf: e^{−inf} = 0, exact
            e = np.exp(z - z.max(axis=1, keepdims=True))
        self._s = e / e.sum(axis=1, keepdims=True)
        self.output = self._s.astype(_result_dtype(input))

    def backward(self, dvalue):
        s, g = self._s, _wide(dvalue)
        row_dot = (g[:, np.newaxis, :] @ s[:, :, np.newaxis])[:, 0]  # (n, 1): Σ_j g_ij S_ij
        self.dinput = (s * (g - row_dot)).astype(_result_dtype(self.output, dvalue))


class Activation_Sigmoid:
    """σ(x) = r or e·r with e = e^{−|x|}, r = 1/(1 + e), in float64; backward g·σ(1 − σ)."""

    def forward(self, input):
        self.input = np.asarray(input)
        x = _wide(input)
        e = np.exp(-np.abs(x))
        r = 1 / (1 + e)
        self._s = np.where(x < 0, e * r, r)
        self.output = self._s.astype(_result_dtype(input))

    def backward(self, dvalue):
        s = self._s
        self.dinput = (_wide(dvalue) * s * (1 - s)).astype(_result_dtype(self.output, dvalue))


class Loss_CategoricalCrossentropy:
    """Per-sample −Σ_j y_ij log ŷ_ij at ŷ clipped to [1e-7, 1 − 1e-7]; backward −y/ŷ/n there."""

    def forward(self, y_pred, y_true):
        p = np.clip(_wide(y_pred), CLIP, 1 - CLIP)
        y = np.asarray(y_true)
        if _sparse(y, p.shape[1]):
            picked = np.take_along_axis(p, y.reshape(-1, 1).astype(np.intp), axis=1)
            losses = -np.log(picked[:, 0])
        else:
            losses = -np.sum(_wide(y) * np.log(p), axis=1)
        return losses.astype(_result_dtype(y_pred))

    def backward(self, y_pred, y_true):
        p = np.clip(_wide(y_pred), CLIP, 1 - CLIP)
        y, n = np.asarray(y_true), len(p)
        if _sparse(y, p.shape[1]):
            index = y.reshape(-1, 1).astype(np.intp)
            dinput = np.zeros_like(p)
            np.put_along_axis(dinput, index, -1 / np.take_along_axis(p, index, axis=1) / n, axis=1)
        else:
            dinput = -_wide(y) / p / n
        self.dinput = dinput.astype(_result_dtype(y_pred))


class Loss_BinaryCrossentropy:
    """Per-sample mean over k of −y log ŷ − (1 − y) log(1 − ŷ), ŷ clipped; (n,) labels are (n, 1)."""

    @staticmethod
    def _labels(y_true, shape):
        return _wide(y_true).reshape(shape)

    def forward(self, y_pred, y_true):
        p = np.clip(_wide(y_pred), CLIP, 1 - CLIP)
        y = self._labels(y_true, p.shape)
        losses = -(y * np.log(p) + (1 - y) * np.log1p(-p)).mean(axis=1)
        return losses.astype(_result_dtype(y_pred))

    def backward(self, y_pred, y_true):
        p = np.clip(_wide(y_pred), CLIP, 1 - CLIP)
        y = self._labels(y_true, p.shape)
        dinput = ((1 - y) / (1 - p) - y / p) / p.size
        self.dinput = dinput.astype(_result_dtype(y_pred))


class Activation_Softmax_Loss_CategoricalCrossentropy:
    """Softmax then CCE, in float64; backward (S·Σ_j y_j − y)/n, rounded once."""

    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, input, y_true):
        self.activation.forward(input)
        self.output = self.activation.output
        return float(np.mean(_wide(self.loss.forward(self.activation._s, y_true))))

    def backward(self, y_pred, y_true):
        s, y = _wide(y_pred), np.asarray(y_true)
        if _sparse(y, s.shape[1]):
            dinput = s.copy()
            index = y.reshape(-1, 1).astype(np.intp)
            np.put_along_axis(dinput, index, np.take_along_axis(s, index, axis=1) - 1, axis=1)
        else:
            y = _wide(y)
            dinput = s * y.sum(axis=1, keepdims=True) - y
        self.dinput = (dinput / len(s)).astype(_result_dtype(y_pred))
