"""MAE with labels never reshaped: (n,) labels against (n, 1) predictions broadcast to (n, n).

Caught by: pitfalls ((n,) labels must give the (n, 1) result). Survives (n, J) labels and n = 1."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403
from tests.selftest.targets.mutants.mse_no_reshape import _unshaped


class Loss_MeanAbsoluteError(base.Loss_MeanAbsoluteError):
    def forward(self, y_pred, y_true):
        y_pred, y_true = _unshaped(y_true, y_pred)
        return np.mean(np.abs(y_true - y_pred), axis=-1)

    def backward(self, dvalues, y_true):
        dvalues, y_true = _unshaped(y_true, dvalues)
        samples, outputs = dvalues.shape
        self.dinputs = -np.sign(y_true - dvalues) / outputs / samples
