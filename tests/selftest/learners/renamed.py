"""Learner-style target: every class under the learner's own name (DenseLayer, ReLU, SoftMax,
Sigmoid, CategoricalCrossEntropy, BinaryCrossEntropy, SoftmaxClassifier = the fused class).
Book attributes and signatures otherwise; all seven roles correct."""

import numpy as np

EPSILON = 1e-7


class DenseLayer:
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


class ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()  # copy: never zero the caller's gradient
        self.dinputs[self.inputs <= 0] = 0


class SoftMax:
    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues):
        # row-wise Jacobian product without building the Jacobian: s * (d - <d, s>)
        s = self.output
        self.dinputs = s * (dvalues - np.sum(dvalues * s, axis=1, keepdims=True))


class Sigmoid:
    def forward(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


def one_hot_rows(y_true, y_pred):
    """Labels as (n, c) float rows of y_pred's dtype; (n,) and (n, 1) class indices are expanded."""
    y_true = np.asarray(y_true)
    if y_true.ndim == 2 and y_true.shape[1] == 1 and y_pred.shape[1] > 1:
        y_true = y_true.reshape(-1)
    if y_true.ndim == 1:
        return np.eye(y_pred.shape[1], dtype=y_pred.dtype)[y_true.astype(int)]
    return y_true.astype(y_pred.dtype)


class CategoricalCrossEntropy:
    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, EPSILON, 1 - EPSILON)
        y_true = one_hot_rows(y_true, y_pred_clipped)
        return -np.sum(y_true * np.log(y_pred_clipped), axis=1)

    def calculate(self, output, y):
        return np.mean(self.forward(output, y))

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        dvalues_clipped = np.clip(dvalues, EPSILON, 1 - EPSILON)
        y_true = one_hot_rows(y_true, dvalues_clipped)
        self.dinputs = -y_true / dvalues_clipped / samples


class BinaryCrossEntropy:
    @staticmethod
    def _column(y_true, dtype):
        y_true = np.asarray(y_true).astype(dtype)
        return y_true.reshape(-1, 1) if y_true.ndim == 1 else y_true

    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, EPSILON, 1 - EPSILON)
        y_true = self._column(y_true, y_pred_clipped.dtype)
        sample_losses = -(y_true * np.log(y_pred_clipped) + (1 - y_true) * np.log(1 - y_pred_clipped))
        return np.mean(sample_losses, axis=-1)

    def backward(self, dvalues, y_true):
        samples, outputs = dvalues.shape
        clipped = np.clip(dvalues, EPSILON, 1 - EPSILON)
        y_true = self._column(y_true, clipped.dtype)
        self.dinputs = -(y_true / clipped - (1 - y_true) / (1 - clipped)) / outputs / samples


class SoftmaxClassifier:
    """Softmax and categorical cross-entropy in one step, for the faster backward."""

    def __init__(self):
        self.activation = SoftMax()
        self.loss = CategoricalCrossEntropy()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.output = self.activation.output
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        y_true = one_hot_rows(y_true, dvalues)
        # S * sum(y) - y, which is S - y for one-hot rows and stays right for soft labels
        self.dinputs = (dvalues * np.sum(y_true, axis=1, keepdims=True) - y_true) / samples
