"""Learner-style target: snake_case gradient attributes (`d_inputs`, `d_weights`, `d_biases`) and
`outputs` instead of `output`, under the book's class names; all seven roles correct."""

import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.inputs = inputs
        self.outputs = inputs @ self.weights + self.biases

    def backward(self, d_values):
        self.d_weights = self.inputs.T @ d_values
        self.d_biases = d_values.sum(axis=0, keepdims=True)
        self.d_inputs = d_values @ self.weights.T


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.outputs = np.maximum(0, inputs)

    def backward(self, d_values):
        self.d_inputs = np.where(self.inputs > 0, d_values, 0)


class Activation_Softmax:
    def forward(self, inputs):
        shifted = inputs - inputs.max(axis=1, keepdims=True)
        exps = np.exp(shifted)
        self.outputs = exps / exps.sum(axis=1, keepdims=True)

    def backward(self, d_values):
        s = self.outputs
        self.d_inputs = s * (d_values - (d_values * s).sum(axis=1, keepdims=True))


class Activation_Sigmoid:
    def forward(self, inputs):
        # stable for large |x|: exp only of non-positive numbers
        exp_neg = np.exp(-np.abs(inputs))
        self.outputs = np.where(inputs >= 0, 1 / (1 + exp_neg), exp_neg / (1 + exp_neg))

    def backward(self, d_values):
        self.d_inputs = d_values * self.outputs * (1 - self.outputs)


def labels_as_rows(y_true, y_pred):
    y_true = np.asarray(y_true)
    n_classes = y_pred.shape[1]
    if y_true.ndim == 2 and y_true.shape[1] == 1 and n_classes > 1:
        y_true = y_true.ravel()
    if y_true.ndim == 1:
        rows = np.zeros(y_pred.shape, dtype=y_pred.dtype)
        rows[np.arange(len(y_true)), y_true.astype(np.intp)] = 1
        return rows
    return y_true.astype(y_pred.dtype)


class Loss_CategoricalCrossentropy:
    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return -(labels_as_rows(y_true, clipped) * np.log(clipped)).sum(axis=1)

    def calculate(self, outputs, y):
        return self.forward(outputs, y).mean()

    def backward(self, d_values, y_true):
        clipped = np.clip(d_values, 1e-7, 1 - 1e-7)
        self.d_inputs = -labels_as_rows(y_true, clipped) / clipped / len(clipped)


class Loss_BinaryCrossentropy:
    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        y = np.asarray(y_true).astype(clipped.dtype).reshape(clipped.shape)
        return (-(y * np.log(clipped) + (1 - y) * np.log(1 - clipped))).mean(axis=-1)

    def backward(self, d_values, y_true):
        n_samples, n_outputs = d_values.shape
        clipped = np.clip(d_values, 1e-7, 1 - 1e-7)
        y = np.asarray(y_true).astype(clipped.dtype).reshape(clipped.shape)
        self.d_inputs = -(y / clipped - (1 - y) / (1 - clipped)) / n_outputs / n_samples


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.outputs = self.activation.outputs
        return self.loss.calculate(self.outputs, y_true)

    def backward(self, d_values, y_true):
        y = labels_as_rows(y_true, d_values)
        self.d_inputs = (d_values * y.sum(axis=1, keepdims=True) - y) / len(d_values)
