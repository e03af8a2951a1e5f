"""The book's MAE backward, `np.sign(y_true - dvalues) / outputs / samples`: the gradient with
its sign lost (SPEC.md's erratum of the book), so gradient descent climbs the loss.

Caught by: gradients (symbolic: −sign(y − ŷ)/J/n; numeric: the target's own forward). Survives
nothing off the kink: every prediction that differs from its label."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss_MeanAbsoluteError(base.Loss_MeanAbsoluteError):
    def backward(self, dvalues, y_true):
        dvalues, y_true = base._regression_labels(y_true, dvalues)
        samples, outputs = dvalues.shape
        self.dinputs = np.sign(y_true - dvalues) / outputs / samples
