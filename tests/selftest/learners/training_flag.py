"""Learner-style target: the book's final-chapter `forward(inputs, training)` flag renamed
`_training` (unused, so the learner's linter asked for the underscore) and required; losses
inherit `calculate` from a `Loss` base class; book names; all seven roles correct."""

import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs, _training):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = np.dot(dvalues, self.weights.T)


class Activation_ReLU:
    def forward(self, inputs, _training):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0

    def predictions(self, outputs):
        return outputs


class Activation_Softmax:
    def forward(self, inputs, _training):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)

    def backward(self, dvalues):
        self.dinputs = self.output * (dvalues - np.sum(dvalues * self.output, axis=1, keepdims=True))

    def predictions(self, outputs):
        return np.argmax(outputs, axis=1)


class Activation_Sigmoid:
    def forward(self, inputs, _training):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * (1 - self.output) * self.output

    def predictions(self, outputs):
        return (outputs > 0.5) * 1


class Loss:
    """Common loss: the mean of the per-sample losses each subclass's forward returns."""

    def calculate(self, output, y, *, include_regularization=False):
        data_loss = np.mean(self.forward(output, y))
        if not include_regularization:
            return data_loss
        return data_loss, 0


def _sparse(y_true, y_pred):
    """True for (n,) class indices and for (n, 1) ones when there is more than one class."""
    return y_true.ndim == 1 or (y_true.shape[1] == 1 and y_pred.shape[1] > 1)


class Loss_CategoricalCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        samples = len(y_pred)
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true)
        if _sparse(y_true, y_pred):
            return -np.log(y_pred_clipped[range(samples), y_true.reshape(-1).astype(int)])
        return -np.sum(y_true.astype(y_pred_clipped.dtype) * np.log(y_pred_clipped), axis=1)

    def backward(self, dvalues, y_true):
        samples, labels = dvalues.shape
        dvalues_clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true)
        if _sparse(y_true, dvalues):
            y_true = np.eye(labels, dtype=dvalues_clipped.dtype)[y_true.reshape(-1).astype(int)]
        self.dinputs = -y_true.astype(dvalues_clipped.dtype) / dvalues_clipped / samples


class Loss_BinaryCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true).astype(y_pred_clipped.dtype).reshape(y_pred_clipped.shape)
        sample_losses = -(y_true * np.log(y_pred_clipped) + (1 - y_true) * np.log(1 - y_pred_clipped))
        return np.mean(sample_losses, axis=-1)

    def backward(self, dvalues, y_true):
        samples, outputs = dvalues.shape
        clipped_dvalues = np.clip(dvalues, 1e-7, 1 - 1e-7)
        y_true = np.asarray(y_true).astype(clipped_dvalues.dtype).reshape(clipped_dvalues.shape)
        self.dinputs = -(y_true / clipped_dvalues - (1 - y_true) / (1 - clipped_dvalues)) / outputs
        self.dinputs = self.dinputs / samples


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def __init__(self):
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs, False)
        self.output = self.activation.output
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        y_true = np.asarray(y_true)
        if _sparse(y_true, dvalues):
            self.dinputs = dvalues.copy()
            self.dinputs[range(samples), y_true.reshape(-1).astype(int)] -= 1
        else:
            y_true = y_true.astype(dvalues.dtype)
            self.dinputs = dvalues * np.sum(y_true, axis=1, keepdims=True) - y_true
        self.dinputs = self.dinputs / samples
