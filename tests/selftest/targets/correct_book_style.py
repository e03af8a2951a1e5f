"""A correct rewrite in the book's naming (`weights`, `inputs`, `dinputs`, `dvalues`).

Conventions it picks, where they differ from correct_notes_style: layers and activations take
`forward(inputs, training)` as in the book's final chapter; losses take `backward(dvalues,
y_true)`; the softmax backward loops over samples with an explicit Jacobian; sparse labels become
one-hot through `np.eye(c)[y_true]`; dbiases has shape (b,) (no keepdims); ReLU blocks the
gradient at exactly 0 (`inputs <= 0`). There is no fused softmax + CCE class (it is optional).
Float32 stays float32, labels are cast to the prediction's dtype, arguments are never written to.
"""

import numpy as np

__all__ = [
    "Activation_Linear",
    "Activation_ReLU",
    "Activation_Sigmoid",
    "Activation_Softmax",
    "Layer_Dense",
    "Layer_Dropout",
    "Loss",
    "Loss_BinaryCrossentropy",
    "Loss_CategoricalCrossentropy",
    "Loss_MeanAbsoluteError",
    "Loss_MeanSquaredError",
]


def _float_dtype(array):
    """float32 stays float32; every other dtype is computed in float64."""
    return np.float32 if np.asarray(array).dtype == np.float32 else np.float64


def _as_float(array):
    return np.asarray(array, dtype=_float_dtype(array))


def _clip(y_pred):
    return np.clip(_as_float(y_pred), 1e-7, 1 - 1e-7)


def _is_sparse(y_true, y_pred):
    """Class indices: (n,), or (n, 1) when c > 1. At c = 1 an integer column of zeros is class 0
    (a one-hot column there is all ones), so that reading is unambiguous too."""
    if y_true.shape != y_pred.shape:
        return True
    return y_pred.shape[1] == 1 and y_true.dtype.kind in "iu" and not y_true.any()


class Layer_Dense:
    """output = inputs·weights + biases; the book's optional L1/L2 regularisation (ch. 14) adds
    λ₁·dL1 (dL1 = 1, −1 where the parameter is negative: +1 at 0) and 2λ₂·parameter."""

    def __init__(self, n_inputs, n_neurons, weight_regularizer_l1=0, weight_regularizer_l2=0,
                 bias_regularizer_l1=0, bias_regularizer_l2=0):
        self.weights = 0.01 * np.random.default_rng().standard_normal((n_inputs, n_neurons))
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l1 = weight_regularizer_l1
        self.weight_regularizer_l2 = weight_regularizer_l2
        self.bias_regularizer_l1 = bias_regularizer_l1
        self.bias_regularizer_l2 = bias_regularizer_l2

    def forward(self, inputs, training):
        self.inputs = _as_float(inputs)
        self.output = np.dot(self.inputs, self.weights) + self.biases

    def backward(self, dvalues):
        dvalues = _as_float(dvalues)
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0)
        self.regularize()
        self.dinputs = np.dot(dvalues, self.weights.T)

    def regularize(self):
        """Adds the penalties' gradients to dweights and dbiases (the mutants keep this part)."""
        self.dweights = self.dweights + _penalty_gradient(self.weights, self.weight_regularizer_l1,
                                                          self.weight_regularizer_l2)
        self.dbiases = self.dbiases + _penalty_gradient(self.biases, self.bias_regularizer_l1,
                                                        self.bias_regularizer_l2).reshape(-1)


def _penalty_gradient(parameter, l1, l2):
    """The book's λ₁·dL1 + 2λ₂·parameter, in the parameter's dtype."""
    dL1 = np.ones_like(parameter)
    dL1[parameter < 0] = -1
    return (l1 * dL1 + 2 * l2 * parameter).astype(parameter.dtype)


class Loss:
    """The book's base class: regularization_loss(layer) is the penalty of a layer's strengths."""

    def regularization_loss(self, layer):
        regularization_loss = 0
        if layer.weight_regularizer_l1 > 0:
            regularization_loss += layer.weight_regularizer_l1 * np.sum(np.abs(layer.weights))
        if layer.weight_regularizer_l2 > 0:
            regularization_loss += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)
        if layer.bias_regularizer_l1 > 0:
            regularization_loss += layer.bias_regularizer_l1 * np.sum(np.abs(layer.biases))
        if layer.bias_regularizer_l2 > 0:
            regularization_loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)
        return regularization_loss


class Activation_ReLU:
    """max(0, x); the gradient is zeroed where x <= 0 (the book's and PyTorch's choice)."""

    def forward(self, inputs, training):
        self.inputs = _as_float(inputs)
        self.output = np.maximum(0, self.inputs)

    def backward(self, dvalues):
        self.dinputs = np.array(dvalues, dtype=_float_dtype(dvalues))
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax:
    """Row softmax (max-shifted); backward multiplies each row by its Jacobian diag(s) − s sᵀ."""

    def forward(self, inputs, training):
        self.inputs = _as_float(inputs)
        exp_values = np.exp(self.inputs - self.inputs.max(axis=1, keepdims=True))
        self.output = exp_values / exp_values.sum(axis=1, keepdims=True)

    def backward(self, dvalues):
        dvalues = _as_float(dvalues)
        self.dinputs = np.empty(dvalues.shape, dtype=np.result_type(self.output, dvalues))
        for row, (s, d) in enumerate(zip(self.output, dvalues, strict=True)):
            jacobian = np.diag(s) - np.outer(s, s)
            self.dinputs[row] = jacobian @ d


class Activation_Sigmoid:
    """σ(x), evaluated as e^{min(x,0)} / (1 + e^{−|x|}) so no finite x overflows."""

    def forward(self, inputs, training):
        self.inputs = _as_float(inputs)
        self.output = np.exp(np.minimum(self.inputs, 0)) / (1 + np.exp(-np.abs(self.inputs)))

    def backward(self, dvalues):
        self.dinputs = _as_float(dvalues) * (1 - self.output) * self.output


class Loss_CategoricalCrossentropy(Loss):
    """Per-sample −Σ_j y_ij log ŷ_ij (−log ŷ_i,label for sparse labels); dinputs of the mean."""

    def forward(self, y_pred, y_true):
        y_pred_clipped = _clip(y_pred)
        if _is_sparse(np.asarray(y_true), y_pred_clipped):
            index = np.asarray(y_true).reshape(-1).astype(np.intp)
            return -np.log(y_pred_clipped[np.arange(len(index)), index])
        labels = np.asarray(y_true).astype(y_pred_clipped.dtype)
        return -np.sum(labels * np.log(y_pred_clipped), axis=1)

    def backward(self, dvalues, y_true):
        dvalues_clipped = _clip(dvalues)
        samples, classes = dvalues_clipped.shape
        if _is_sparse(np.asarray(y_true), dvalues_clipped):
            index = np.asarray(y_true).reshape(-1).astype(np.intp)
            y_true = np.eye(classes, dtype=dvalues_clipped.dtype)[index]
        else:
            y_true = np.asarray(y_true).astype(dvalues_clipped.dtype)
        self.dinputs = -y_true / dvalues_clipped / samples


class Loss_BinaryCrossentropy(Loss):
    """Per-sample mean over the k outputs of −y log ŷ − (1 − y) log(1 − ŷ); (n,) is (n, 1)."""

    @staticmethod
    def _labels(y_true, dtype):
        y_true = np.asarray(y_true).astype(dtype)
        return y_true[:, np.newaxis] if y_true.ndim == 1 else y_true

    def forward(self, y_pred, y_true):
        y_pred_clipped = _clip(y_pred)
        y_true = self._labels(y_true, y_pred_clipped.dtype)
        sample_losses = -(y_true * np.log(y_pred_clipped)
                          + (1 - y_true) * np.log(1 - y_pred_clipped))
        return sample_losses.mean(axis=-1)

    def backward(self, dvalues, y_true):
        clipped = _clip(dvalues)
        samples, outputs = clipped.shape
        y_true = self._labels(y_true, clipped.dtype)
        self.dinputs = -(y_true / clipped - (1 - y_true) / (1 - clipped)) / outputs / samples


class Activation_Linear:
    """The book's: output = inputs, dinputs = dvalues.copy()."""

    def forward(self, inputs, training):
        self.inputs = inputs
        self.output = inputs

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()


def _regression_labels(y_true, y_pred):
    """Labels in the predictions' float dtype, (n,) read as (n, 1) for one output."""
    y_pred = _as_float(y_pred)
    y_true = np.asarray(y_true).astype(y_pred.dtype)
    return y_pred, y_true.reshape(y_pred.shape) if y_true.ndim == 1 else y_true


class Loss_MeanSquaredError(Loss):
    """Textbook formulas: mean of (y − ŷ)² over the outputs; dinputs −2(y − ŷ)/outputs/samples."""

    def forward(self, y_pred, y_true):
        y_pred, y_true = _regression_labels(y_true, y_pred)
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def backward(self, dvalues, y_true):
        dvalues, y_true = _regression_labels(y_true, dvalues)
        samples, outputs = dvalues.shape
        self.dinputs = -2 * (y_true - dvalues) / outputs / samples


class Loss_MeanAbsoluteError(Loss):
    """Mean of |y − ŷ| over the outputs; dinputs −np.sign(y − ŷ)/outputs/samples (the sign the
    book's own line drops)."""

    def forward(self, y_pred, y_true):
        y_pred, y_true = _regression_labels(y_true, y_pred)
        return np.mean(np.abs(y_true - y_pred), axis=-1)

    def backward(self, dvalues, y_true):
        dvalues, y_true = _regression_labels(y_true, dvalues)
        samples, outputs = dvalues.shape
        self.dinputs = -np.sign(y_true - dvalues) / outputs / samples


class Layer_Dropout:
    """The book's (ch. 15, with ch. 18's training flag): self.rate holds the keep probability, the
    scaled mask is binary_mask; inference copies the input, and its backward passes dvalues."""

    def __init__(self, rate):
        self.rate = 1 - rate

    def forward(self, inputs, training):
        self.inputs = inputs
        if not training:
            self.output = inputs.copy()
            self.binary_mask = np.ones_like(inputs)
            return
        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate  # noqa: NPY002 (as the book)
        self.output = inputs * self.binary_mask

    def backward(self, dvalues):
        self.dinputs = dvalues * self.binary_mask
