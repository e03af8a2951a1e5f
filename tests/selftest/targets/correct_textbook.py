"""A correct rewrite with the textbook formulas, in the notes' naming (`weight`, `input`,
`dinput`, `dvalue`; `forward(input)`).

Conventions it picks: sigmoid is literally 1 / (1 + e^{−x}), which overflows e^{−x} for x below
about −709 (−88 in float32) with a RuntimeWarning and returns exactly 0 there — IEEE behaviour,
within one subnormal of the truth — and its backward is dvalue·out·(1 − out); the softmax
backward multiplies each row by its Jacobian diagflat(s) − s·sᵀ built from a column vector;
sparse labels become one-hot through np.eye(c)[y]; CCE and BCE clip to [eps, 1 − eps] with
eps = max(1e-15, machine epsilon of the prediction dtype), so that 1 − eps < 1 also in float32,
and the backward is the closed form −y/ŷ at the clipped ŷ; ReLU multiplies by the mask x > 0
(blocks at 0); dbias is (1, b). float32 stays float32. Arguments are never written to."""

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


def _float(array, like=None):
    """`array` as float32 if it (and `like`, when given) is float32, else as float64."""
    array = np.asarray(array)
    keep = array.dtype == np.float32 and (like is None or np.asarray(like).dtype == np.float32)
    return array.astype(np.float32 if keep else np.float64, copy=False)


def _eps(dtype):
    """The clip: 1e-15 in float64; in float32 1 − 1e-15 rounds to 1, so machine epsilon there."""
    return max(1e-15, float(np.finfo(dtype).eps))


def _clip(y_pred):
    y_pred = _float(y_pred)
    eps = _eps(y_pred.dtype)
    return np.clip(y_pred, eps, 1 - eps)


def _one_hot(y_true, y_pred):
    """(n, c) label rows in y_pred's dtype: class indices ((n,), or (n, 1) with c > 1) go
    through np.eye(c)[y]; (n, c) labels are taken as given (one-hot or soft)."""
    y_true = np.asarray(y_true)
    c = y_pred.shape[1]
    if y_true.ndim == 1 or (y_true.shape[1] == 1 and c > 1):
        return np.eye(c, dtype=y_pred.dtype)[y_true.reshape(-1).astype(np.intp)]
    return y_true.astype(y_pred.dtype)


class Layer_Dense:
    """output = input·weight + bias; dweight = inputᵀ·dvalue, dbias = column sums, dinput = dvalue·weightᵀ."""

    def __init__(self, n_inputs, n_neurons):
        self.weight = 0.01 * np.random.default_rng().standard_normal((n_inputs, n_neurons))
        self.bias = np.zeros((1, n_neurons))

    def forward(self, input):
        self.input = _float(input)
        dtype = self.input.dtype
        self.output = np.dot(self.input, self.weight.astype(dtype)) + self.bias.astype(dtype)

    def backward(self, dvalue):
        dvalue = _float(dvalue, like=self.input)
        dtype = dvalue.dtype
        self.dweight = np.dot(self.input.T.astype(dtype), dvalue)
        self.dbias = np.sum(dvalue, axis=0, keepdims=True)
        self.dinput = np.dot(dvalue, self.weight.T.astype(dtype))


class Activation_ReLU:
    """max(0, x); backward dvalue·[x > 0], so the gradient is blocked at exactly 0."""

    def forward(self, input):
        self.input = _float(input)
        self.output = np.maximum(0, self.input)

    def backward(self, dvalue):
        dvalue = _float(dvalue, like=self.input)
        self.dinput = dvalue * (self.input > 0)


class Activation_Softmax:
    """e^{x − max} / Σ e^{x − max} per row; backward row by row through the c×c Jacobian."""

    def forward(self, input):
        self.input = _float(input)
        exp_value = np.exp(self.input - np.max(self.input, axis=1, keepdims=True))
        self.output = exp_value / np.sum(exp_value, axis=1, keepdims=True)

    def backward(self, dvalue):
        dvalue = _float(dvalue, like=self.output)
        self.dinput = np.zeros(dvalue.shape, dtype=dvalue.dtype)
        for i in range(len(dvalue)):
            s = self.output[i].reshape(-1, 1).astype(dvalue.dtype)
            jacobian = np.diagflat(s) - s @ s.T
            self.dinput[i] = jacobian @ dvalue[i]


class Activation_Sigmoid:
    """The textbook 1 / (1 + e^{−x}); backward dvalue·out·(1 − out)."""

    def forward(self, input):
        self.input = _float(input)
        self.output = 1 / (1 + np.exp(-self.input))

    def backward(self, dvalue):
        dvalue = _float(dvalue, like=self.output)
        self.dinput = dvalue * self.output * (1 - self.output)


class Loss_CategoricalCrossentropy:
    """Per-sample −Σ_j y_ij log ŷ_ij at the clipped ŷ; backward −y/ŷ/n at the clipped ŷ."""

    def forward(self, y_pred, y_true):
        y_pred = _clip(y_pred)
        return -np.sum(_one_hot(y_true, y_pred) * np.log(y_pred), axis=1)

    def backward(self, y_pred, y_true):
        y_pred = _clip(y_pred)
        self.dinput = -_one_hot(y_true, y_pred) / y_pred / len(y_pred)


class Loss_BinaryCrossentropy:
    """Per-sample mean over k of −y log ŷ − (1 − y) log(1 − ŷ) at the clipped ŷ; (n,) is (n, 1)."""

    @staticmethod
    def _label(y_true, y_pred):
        return np.asarray(y_true).reshape(y_pred.shape).astype(y_pred.dtype)

    def forward(self, y_pred, y_true):
        y_pred = _clip(y_pred)
        y = self._label(y_true, y_pred)
        return np.mean(-(y * np.log(y_pred) + (1 - y) * np.log(1 - y_pred)), axis=1)

    def backward(self, y_pred, y_true):
        y_pred = _clip(y_pred)
        y = self._label(y_true, y_pred)
        n, k = y_pred.shape
        self.dinput = -(y / y_pred - (1 - y) / (1 - y_pred)) / k / n


class Activation_Softmax_Loss_CategoricalCrossentropy:
    """Softmax then CCE (clipped as above); backward (S·Σ_j y_j − y)/n on one-hot or soft rows."""

    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, input, y_true):
        self.activation.forward(input)
        self.output = self.activation.output
        return np.mean(self.loss.forward(self.output, y_true))

    def backward(self, y_pred, y_true):
        y_pred = _float(y_pred)
        y = _one_hot(y_true, y_pred)
        self.dinput = (y_pred * np.sum(y, axis=1, keepdims=True) - y) / len(y_pred)
