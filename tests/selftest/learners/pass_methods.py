"""Learner-style target: `forward_pass` / `backwards_pass` methods on the layers and activations,
and `forward` / `backwards` on the losses and the fused class (written later, named differently);
book class names and attributes; all seven roles correct."""

import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward_pass(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backwards_pass(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = np.dot(dvalues, self.weights.T)


class Activation_ReLU:
    def forward_pass(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backwards_pass(self, dvalues):
        self.dinputs = dvalues * (self.inputs > 0)


class Activation_Softmax:
    def forward_pass(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backwards_pass(self, dvalues):
        dot = np.sum(dvalues * self.output, axis=1, keepdims=True)
        self.dinputs = self.output * (dvalues - dot)


class Activation_Sigmoid:
    def forward_pass(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backwards_pass(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


class Loss_CategoricalCrossentropy:
    @staticmethod
    def one_hot(y_true, y_pred):
        y_true = np.asarray(y_true)
        if y_true.ndim == 2 and y_true.shape[1] == 1 and y_pred.shape[1] > 1:
            y_true = y_true[:, 0]
        if y_true.ndim == 1:
            return np.eye(y_pred.shape[1], dtype=y_pred.dtype)[y_true.astype(int)]
        return y_true.astype(y_pred.dtype)

    def forward(self, y_pred, y_true):
        y_pred = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return -np.sum(self.one_hot(y_true, y_pred) * np.log(y_pred), axis=1)

    def backwards(self, dvalues, y_true):
        dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -self.one_hot(y_true, dvalues) / dvalues / len(dvalues)


class Loss_BinaryCrossentropy:
    def forward(self, y_pred, y_true):
        y_pred = np.clip(y_pred, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true).astype(y_pred.dtype)
        if y_true.ndim == 1:
            y_true = y_true[:, np.newaxis]
        return np.mean(-(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)), axis=-1)

    def backwards(self, dvalues, y_true):
        samples, outputs = dvalues.shape
        dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true).astype(dvalues.dtype)
        if y_true.ndim == 1:
            y_true = y_true[:, np.newaxis]
        self.dinputs = -(y_true / dvalues - (1 - y_true) / (1 - dvalues)) / outputs / samples


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs, y_true):
        self.activation.forward_pass(inputs)
        self.output = self.activation.output
        return np.mean(self.loss.forward(self.output, y_true))

    def backwards(self, dvalues, y_true):
        y_true = Loss_CategoricalCrossentropy.one_hot(y_true, dvalues)
        self.dinputs = (dvalues * np.sum(y_true, axis=1, keepdims=True) - y_true) / len(dvalues)
