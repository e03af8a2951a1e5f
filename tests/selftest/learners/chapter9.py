"""Learner-style target: the partial set a reader has after the backpropagation chapter (chapter 9):
Layer_Dense, Activation_ReLU, Activation_Softmax, Loss_CategoricalCrossentropy and the fused
Activation_Softmax_Loss_CategoricalCrossentropy, under the book's names. No sigmoid, no BCE."""

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
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax:
    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues):
        # a float array even for integer dvalues (np.empty_like would truncate)
        self.dinputs = np.empty(dvalues.shape, dtype=np.result_type(self.output, dvalues))
        for index, (single_output, single_dvalues) in enumerate(zip(self.output, dvalues)):
            single_output = single_output.reshape(-1, 1)
            jacobian_matrix = np.diagflat(single_output) - np.dot(single_output, single_output.T)
            self.dinputs[index] = np.dot(jacobian_matrix, single_dvalues)


def class_indices(y_true, n_classes):
    """(n,) class indices from (n,) or (n, 1) labels, or None for (n, c) one-hot / soft rows."""
    y_true = np.asarray(y_true)
    if y_true.ndim == 1:
        return y_true.astype(int)
    if y_true.shape[1] == 1 and n_classes > 1:
        return y_true[:, 0].astype(int)
    return None


class Loss:
    def calculate(self, output, y):
        sample_losses = self.forward(output, y)
        return np.mean(sample_losses)


class Loss_CategoricalCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        indices = class_indices(y_true, y_pred.shape[1])
        if indices is not None:
            correct_confidences = y_pred_clipped[range(samples), indices]
            return -np.log(correct_confidences)
        y_true = np.asarray(y_true).astype(y_pred_clipped.dtype)
        return -np.sum(y_true * np.log(y_pred_clipped), axis=1)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        labels = len(dvalues[0])
        dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        indices = class_indices(y_true, labels)
        if indices is not None:
            y_true = np.eye(labels, dtype=dvalues.dtype)[indices]
        else:
            y_true = np.asarray(y_true).astype(dvalues.dtype)
        self.dinputs = -y_true / dvalues
        self.dinputs = self.dinputs / samples


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
        indices = class_indices(y_true, dvalues.shape[1])
        if indices is not None:
            self.dinputs = dvalues.copy()
            self.dinputs[range(samples), indices] -= 1
        else:
            y_true = np.asarray(y_true).astype(dvalues.dtype)
            self.dinputs = dvalues * np.sum(y_true, axis=1, keepdims=True) - y_true
        self.dinputs = self.dinputs / samples
