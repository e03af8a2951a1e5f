"""Learner-style target: a Dense layer that stores its weights as (n_neurons, n_inputs), one row
per neuron as in a textbook's W·x, and uses `.T` consistently (forward x·Wᵀ, dweights dvaluesᵀ·x,
dinputs dvalues·W): right maths, but the transpose of the notes' (n_inputs, n_neurons) layout,
so weights given in that layout fail. Every other role is correct (book names)."""

import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_neurons, n_inputs)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights.T) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(dvalues.T, self.inputs)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = np.dot(dvalues, self.weights)


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
        exp_neg = np.exp(-np.abs(inputs))
        self.output = np.where(inputs >= 0, 1, exp_neg) / (1 + exp_neg)

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output


def one_hot(y_true, y_pred):
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
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return -np.sum(one_hot(y_true, clipped) * np.log(clipped), axis=1)

    def backward(self, dvalues, y_true):
        clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -one_hot(y_true, clipped) / clipped / len(dvalues)


class Loss_BinaryCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true).astype(clipped.dtype).reshape(clipped.shape)
        return np.mean(-(y_true * np.log(clipped) + (1 - y_true) * np.log(1 - clipped)), axis=-1)

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
        y_true = one_hot(y_true, dvalues)
        self.dinputs = (dvalues * np.sum(y_true, axis=1, keepdims=True) - y_true) / len(dvalues)
