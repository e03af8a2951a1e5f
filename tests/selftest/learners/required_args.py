"""Learner-style target: constructors with extra required arguments, as in the book's
regularisation and dropout chapters: Layer_Dense(n_inputs, n_neurons, weight_regularizer_l1,
weight_regularizer_l2, bias_regularizer_l1, bias_regularizer_l2) without defaults and
Layer_Dropout(rate). With zero strengths every role is correct (the penalty terms vanish)."""

import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons, weight_regularizer_l1, weight_regularizer_l2,
                 bias_regularizer_l1, bias_regularizer_l2):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))
        self.weight_regularizer_l1 = weight_regularizer_l1
        self.weight_regularizer_l2 = weight_regularizer_l2
        self.bias_regularizer_l1 = bias_regularizer_l1
        self.bias_regularizer_l2 = bias_regularizer_l2

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        if self.weight_regularizer_l1 > 0:
            self.dweights = self.dweights + self.weight_regularizer_l1 * np.where(self.weights < 0, -1, 1)
        if self.weight_regularizer_l2 > 0:
            self.dweights = self.dweights + 2 * self.weight_regularizer_l2 * self.weights
        if self.bias_regularizer_l1 > 0:
            self.dbiases = self.dbiases + self.bias_regularizer_l1 * np.where(self.biases < 0, -1, 1)
        if self.bias_regularizer_l2 > 0:
            self.dbiases = self.dbiases + 2 * self.bias_regularizer_l2 * self.biases
        self.dinputs = np.dot(dvalues, self.weights.T)


class Layer_Dropout:
    def __init__(self, rate):
        self.rate = 1 - rate  # the book stores the keep probability

    def forward(self, inputs):
        self.inputs = inputs
        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate
        self.output = inputs * self.binary_mask

    def backward(self, dvalues):
        self.dinputs = dvalues * self.binary_mask


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


class Loss:
    def regularization_loss(self, layer):
        loss = 0
        if layer.weight_regularizer_l1 > 0:
            loss += layer.weight_regularizer_l1 * np.sum(np.abs(layer.weights))
        if layer.weight_regularizer_l2 > 0:
            loss += layer.weight_regularizer_l2 * np.sum(layer.weights * layer.weights)
        if layer.bias_regularizer_l1 > 0:
            loss += layer.bias_regularizer_l1 * np.sum(np.abs(layer.biases))
        if layer.bias_regularizer_l2 > 0:
            loss += layer.bias_regularizer_l2 * np.sum(layer.biases * layer.biases)
        return loss

    def calculate(self, output, y):
        return np.mean(self.forward(output, y))


def _label_rows(y_true, y_pred):
    y_true = np.asarray(y_true)
    if y_true.ndim == 2 and y_true.shape[1] == 1 and y_pred.shape[1] > 1:
        y_true = y_true.ravel()
    if y_true.ndim == 1:
        return np.eye(y_pred.shape[1], dtype=y_pred.dtype)[y_true.astype(int)]
    return y_true.astype(y_pred.dtype)


class Loss_CategoricalCrossentropy(Loss):
    def forward(self, y_pred, y_true):
        y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        return -np.sum(_label_rows(y_true, y_pred_clipped) * np.log(y_pred_clipped), axis=1)

    def backward(self, dvalues, y_true):
        dvalues_clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        self.dinputs = -_label_rows(y_true, dvalues_clipped) / dvalues_clipped / len(dvalues)


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
        y_true = _label_rows(y_true, dvalues)
        self.dinputs = (dvalues * np.sum(y_true, axis=1, keepdims=True) - y_true) / len(dvalues)
