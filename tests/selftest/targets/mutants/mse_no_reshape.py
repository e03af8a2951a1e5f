"""MSE as the book writes it, labels never reshaped: (n,) labels against (n, 1) predictions
broadcast to (n, n) in forward and backward.

Caught by: pitfalls ((n,) labels must give the (n, 1) result). Survives (n, J) labels and n = 1."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


def _unshaped(y_true, y_pred):
    y_pred = base._as_float(y_pred)
    return y_pred, np.asarray(y_true).astype(y_pred.dtype)


class Loss_MeanSquaredError(base.Loss_MeanSquaredError):
    def forward(self, y_pred, y_true):
        y_pred, y_true = _unshaped(y_true, y_pred)
        return np.mean((y_true - y_pred) ** 2, axis=-1)

    def backward(self, dvalues, y_true):
        dvalues, y_true = _unshaped(y_true, dvalues)
        samples, outputs = dvalues.shape
        self.dinputs = -2 * (y_true - dvalues) / outputs / samples
