"""MSE backward without the 1/samples of the batch mean: the gradient of the summed loss.

Caught by: gradients (symbolic and numeric gradient of the mean loss). Survives n = 1."""

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss_MeanSquaredError(base.Loss_MeanSquaredError):
    def backward(self, dvalues, y_true):
        dvalues, y_true = base._regression_labels(y_true, dvalues)
        self.dinputs = -2 * (y_true - dvalues) / dvalues.shape[1]
