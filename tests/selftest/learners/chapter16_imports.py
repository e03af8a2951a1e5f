"""Learner-style target: a file kept while reading towards chapter 16, whose first lines import nnfs,
its spiral data set and matplotlib — none of them installed where the suite runs (pipx gives it an
environment of its own) — and whose top level seeds nnfs, draws the spiral, runs one forward pass
and plots it. The suite loads its definitions only, each missing import bound to a stand-in, and
judges its classes: Dense, ReLU, Softmax (backward into np.empty_like(dvalues), as the book
writes it) and a categorical cross-entropy that takes class indices, a column of them, one-hot
rows of any dtype and soft rows. The plotting helper is the only class that uses matplotlib, and
no property calls it."""

import nnfs  # noqa: I001  (the order a learner writes them in)
from nnfs.datasets import spiral_data
import matplotlib.pyplot as plt
import numpy as np

nnfs.init()

X, y = spiral_data(100, 3)


class Layer_Dense:
    """A fully connected layer: output = inputs @ weights + biases."""

    def __init__(self, n_inputs, n_neurons):
        # small random weights, one column per neuron; biases start at zero
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.inputs = inputs  # kept for the weight gradient
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        # each weight's gradient sums, over the batch, its input times the gradient arriving at its neuron
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = np.dot(dvalues, self.weights.T)


class Activation_ReLU:
    """max(0, x), element by element."""

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        # the gradient flows through where the input was positive and stops elsewhere
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax:
    """Each row turned into probabilities: exponentials over their sum."""

    def forward(self, inputs):
        # subtracting the row maximum keeps np.exp from overflowing and changes nothing else
        exponentials = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exponentials / np.sum(exponentials, axis=1, keepdims=True)

    def backward(self, dvalues):
        self.dinputs = np.empty_like(dvalues)
        for row, (probabilities, gradient) in enumerate(zip(self.output, dvalues)):
            column = probabilities.reshape(-1, 1)
            # d softmax_i / d input_j = s_i (delta_ij - s_j)
            jacobian = np.diagflat(column) - np.dot(column, column.T)
            self.dinputs[row] = np.dot(jacobian, gradient)


def as_class_indices(y_true, n_classes):
    """Labels given as class numbers, (n,) or a column (n, 1), as an (n,) int array; None for rows
    of one value per class (one-hot or soft)."""
    y_true = np.asarray(y_true)
    if y_true.ndim == 1:
        return y_true.astype(np.int64)
    if y_true.shape[1] == 1 and n_classes > 1:
        return y_true.reshape(-1).astype(np.int64)
    return None


class Loss:
    def calculate(self, output, y):
        return np.mean(self.forward(output, y))


class Loss_CategoricalCrossentropy(Loss):
    """-sum(y * log(prediction)) per sample, the predictions clipped away from 0 and 1."""

    def forward(self, y_pred, y_true):
        clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
        indices = as_class_indices(y_true, y_pred.shape[1])
        if indices is not None:
            return -np.log(clipped[np.arange(len(y_pred)), indices])
        # one-hot or soft rows: as floats, so that uint8 or bool labels neither wrap nor refuse a minus
        targets = np.asarray(y_true).astype(clipped.dtype)
        return -np.sum(targets * np.log(clipped), axis=1)

    def backward(self, dvalues, y_true):
        samples, classes = dvalues.shape
        clipped = np.clip(dvalues, 1e-7, 1 - 1e-7)
        indices = as_class_indices(y_true, classes)
        if indices is not None:
            targets = np.eye(classes, dtype=clipped.dtype)[indices]
        else:
            targets = np.asarray(y_true).astype(clipped.dtype)
        # the loss is averaged over the batch, so each sample's gradient is divided by its size
        self.dinputs = -targets / clipped / samples


class Training_Plot:
    """Draws the spiral coloured by the predicted class (needs matplotlib; the suite never calls it)."""

    def __init__(self, title="spiral"):
        self.title = title

    def plot(self, inputs, predictions):
        plt.scatter(inputs[:, 0], inputs[:, 1], c=predictions, s=10, cmap="brg")
        plt.title(self.title)
        plt.show()


dense1 = Layer_Dense(2, 3)
activation1 = Activation_ReLU()
dense2 = Layer_Dense(3, 3)
activation2 = Activation_Softmax()
loss_function = Loss_CategoricalCrossentropy()

dense1.forward(X)
activation1.forward(dense1.output)
dense2.forward(activation1.output)
activation2.forward(dense2.output)
print("loss:", loss_function.calculate(activation2.output, y))

Training_Plot("one forward pass").plot(X, np.argmax(activation2.output, axis=1))
