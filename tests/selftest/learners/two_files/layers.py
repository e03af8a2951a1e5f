"""Learner-style target, main file of a two-file folder: the Dense layer, the losses and the
fused class here; the activations come from the sibling activations.py, imported by its bare
name, so the folder must be on sys.path. Every role correct."""

import numpy as np
from activations import Activation_ReLU, Activation_Sigmoid, Activation_Softmax


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


def sparse_to_rows(y_true, y_pred):
    y_true = np.asarray(y_true)
    if y_true.ndim == 2 and y_true.shape[1] == 1 and y_pred.shape[1] > 1:
        y_true = y_true.ravel()
    if y_true.ndim == 1:
        return np.eye(y_pred.shape[1], dtype=y_pred.dtype)[y_true.astype(int)]
    return y_true.astype(y_pred.dtype)


class Loss_CategoricalCrossentropy:
    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return -np.sum(sparse_to_rows(y_true, clipped) * np.log(clipped), axis=1)

    def calculate(self, output, y):
        return np.mean(self.forward(output, y))

    def backward(self, dvalues, y_true):
        clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -sparse_to_rows(y_true, clipped) / clipped / len(dvalues)


class Loss_BinaryCrossentropy:
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
        y_true = sparse_to_rows(y_true, dvalues)
        self.dinputs = (dvalues * np.sum(y_true, axis=1, keepdims=True) - y_true) / len(dvalues)


if __name__ == "__main__":
    # a quick look at one forward pass through every layer type
    inputs = np.random.randn(4, 2)
    dense = Layer_Dense(2, 3)
    dense.forward(inputs)
    relu = Activation_ReLU()
    relu.forward(dense.output)
    sigmoid = Activation_Sigmoid()
    sigmoid.forward(relu.output)
    print(sigmoid.output)
