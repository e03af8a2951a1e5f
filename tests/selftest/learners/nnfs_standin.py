"""Learner-style target: a stand-in for `nnfs.init()` defined in this file and called at import.
Like nnfs it seeds NumPy's global generator and REPLACES np.dot (computed in float64, returned
as float32), np.zeros (float32 by default) and np.random.randn (float32) on the one shared numpy
module. The classes look the functions up at call time, so under plain NumPy every role is
correct; under the patch a float64 Dense output is rounded to float32."""

import numpy as np


def init(random_seed=0, default_dtype="float32"):
    """What `nnfs.init()` does to numpy, written out so that no nnfs package is needed."""
    np.random.seed(random_seed)

    original_dot = np.dot

    def dot(*args, **kwargs):
        return original_dot(*[np.asarray(a).astype("float64") for a in args], **kwargs).astype("float32")

    np.dot = dot

    original_zeros = np.zeros

    def zeros(*args, **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = default_dtype
        return original_zeros(*args, **kwargs)

    np.zeros = zeros

    original_randn = np.random.randn

    def randn(*args, **kwargs):
        return original_randn(*args, **kwargs).astype(default_dtype)

    np.random.randn = randn


init()


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = np.dot(dvalues, self.weights.T)


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax:
    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues):
        self.dinputs = self.output * (dvalues - np.sum(dvalues * self.output, axis=1, keepdims=True))


class Activation_Sigmoid:
    def forward(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


def _one_hot(y_true, y_pred):
    y_true = np.asarray(y_true)
    if y_true.ndim == 2 and y_true.shape[1] == 1 and y_pred.shape[1] > 1:
        y_true = y_true.ravel()
    if y_true.ndim == 1:
        return np.eye(y_pred.shape[1], dtype=y_pred.dtype)[y_true.astype(int)]
    return y_true.astype(y_pred.dtype)


class Loss:
    def calculate(self, output, y):
        return np.mean(self.forward(output, y))


class Loss_CategoricalCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return -np.sum(_one_hot(y_true, y_pred_clipped) * np.log(y_pred_clipped), axis=1)

    def backward(self, dvalues, y_true):
        clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -_one_hot(y_true, clipped) / clipped / len(dvalues)


class Loss_BinaryCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true).astype(y_pred_clipped.dtype).reshape(y_pred_clipped.shape)
        sample_losses = -(y_true * np.log(y_pred_clipped) + (1 - y_true) * np.log(1 - y_pred_clipped))
        return np.mean(sample_losses, axis=-1)

    def backward(self, dvalues, y_true):
        samples, outputs = dvalues.shape
        clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true).astype(clipped.dtype).reshape(clipped.shape)
        self.dinputs = -(y_true / clipped - (1 - y_true) / (1 - clipped)) / outputs / samples


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.output = self.activation.output
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        y_true = _one_hot(y_true, dvalues)
        self.dinputs = (dvalues * np.sum(y_true, axis=1, keepdims=True) - y_true) / len(dvalues)
