"""Learner-style target with two real learner bugs (book names): the CCE backward divides the raw
2-D labels, `-y_true / dvalues`, so uint8 one-hot labels wrap (-1 becomes 255) and bool ones
raise; the ReLU backward forgot `.copy()` and zeroes the caller's dvalues in place. The values of
every other role, and of CCE for sparse or float labels, are right."""

import numpy as np


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
        self.dinputs = dvalues  # BUG: no .copy(), the next line writes into the caller's array
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


def _indices(y_true, n_classes):
    """Class indices for (n,) labels and (n, 1) ones (when n_classes > 1); None for 2-D rows."""
    y_true = np.asarray(y_true)
    if y_true.ndim == 1:
        return y_true.astype(int)
    if y_true.shape[1] == 1 and n_classes > 1:
        return y_true.ravel().astype(int)
    return None


class Loss_CategoricalCrossentropy:
    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        indices = _indices(y_true, y_pred.shape[1])
        if indices is not None:
            return -np.log(y_pred_clipped[range(samples), indices])
        y_true = np.asarray(y_true).astype(y_pred_clipped.dtype)
        return -np.sum(y_true * np.log(y_pred_clipped), axis=1)

    def calculate(self, output, y):
        return np.mean(self.forward(output, y))

    def backward(self, dvalues, y_true):
        samples, labels = dvalues.shape
        dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        indices = _indices(y_true, labels)
        if indices is not None:
            y_true = np.eye(labels, dtype=dvalues.dtype)[indices]
        self.dinputs = -y_true / dvalues  # BUG: raw one-hot labels: uint8 wraps, bool raises
        self.dinputs = self.dinputs / samples


class Loss_BinaryCrossentropy:
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
        samples = len(dvalues)
        indices = _indices(y_true, dvalues.shape[1])
        if indices is not None:
            self.dinputs = dvalues.copy()
            self.dinputs[range(samples), indices] -= 1
        else:
            y_true = np.asarray(y_true).astype(dvalues.dtype)
            self.dinputs = dvalues * np.sum(y_true, axis=1, keepdims=True) - y_true
        self.dinputs = self.dinputs / samples
