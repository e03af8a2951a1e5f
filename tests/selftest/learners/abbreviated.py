"""Learner-style target: abbreviated class names (LayerDense, Act_ReLU, Act_Softmax, Act_Sigmoid,
Loss_CCE, BCE_Loss, and Softmax_Loss_CatCross for the fused class), the spellings a discovery
must read through its abbreviation table. Book attributes; all seven roles correct."""

import numpy as np

CLIP = 1e-7


class LayerDense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.1 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.inputs = inputs
        self.output = inputs @ self.weights + self.biases

    def backward(self, dvalues):
        self.dweights = self.inputs.T @ dvalues
        self.dbiases = dvalues.sum(axis=0, keepdims=True)
        self.dinputs = dvalues @ self.weights.T


class Act_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(inputs, 0)

    def backward(self, dvalues):
        self.dinputs = np.where(self.inputs <= 0, 0, dvalues)


class Act_Softmax:
    def forward(self, inputs):
        e = np.exp(inputs - inputs.max(axis=1, keepdims=True))
        self.output = e / e.sum(axis=1, keepdims=True)

    def backward(self, dvalues):
        s = self.output
        self.dinputs = s * dvalues - s * (s * dvalues).sum(axis=1, keepdims=True)


class Act_Sigmoid:
    def forward(self, inputs):
        self.output = 1 / (1 + np.exp(-inputs))

    def backward(self, dvalues):
        self.dinputs = dvalues * self.output * (1 - self.output)


def _rows(y_true, y_pred):
    y_true = np.asarray(y_true)
    if y_true.ndim == 2 and y_true.shape[1] == 1 and y_pred.shape[1] > 1:
        y_true = y_true[:, 0]
    if y_true.ndim == 1:
        rows = np.zeros_like(y_pred)
        rows[np.arange(len(y_true)), y_true.astype(np.intp)] = 1
        return rows
    return y_true.astype(y_pred.dtype)


class Loss_CCE:
    def forward(self, y_pred, y_true):
        p = np.clip(y_pred, CLIP, 1 - CLIP)
        return -(_rows(y_true, p) * np.log(p)).sum(axis=1)

    def calculate(self, output, y):
        return self.forward(output, y).mean()

    def backward(self, dvalues, y_true):
        p = np.clip(dvalues, CLIP, 1 - CLIP)
        self.dinputs = -_rows(y_true, p) / p / len(p)


class BCE_Loss:
    def forward(self, y_pred, y_true):
        p = np.clip(y_pred, CLIP, 1 - CLIP)
        y = np.asarray(y_true).astype(p.dtype).reshape(p.shape)
        return (-(y * np.log(p) + (1 - y) * np.log(1 - p))).mean(axis=-1)

    def backward(self, dvalues, y_true):
        p = np.clip(dvalues, CLIP, 1 - CLIP)
        y = np.asarray(y_true).astype(p.dtype).reshape(p.shape)
        self.dinputs = (-(y / p) + (1 - y) / (1 - p)) / p.shape[1] / p.shape[0]


class Softmax_Loss_CatCross:
    def __init__(self):
        self.activation = Act_Softmax()
        self.loss = Loss_CCE()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.output = self.activation.output
        return self.loss.calculate(self.output, y_true)

    def backward(self, dvalues, y_true):
        y = _rows(y_true, dvalues)
        self.dinputs = (dvalues * y.sum(axis=1, keepdims=True) - y) / len(dvalues)
