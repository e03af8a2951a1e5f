"""Book-style MSE turns (n,) labels into a column in place (`y_true.shape = (-1, 1)`).

Caught by: purity (the caller's label array comes back with shape (n, 1)). Every value is
right; survives (n, J) labels, which are left as they are."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss_MeanSquaredError(base.Loss_MeanSquaredError):
    def backward(self, dvalues, y_true):
        if np.ndim(y_true) == 1:
            y_true.shape = (-1, 1)
        super().backward(dvalues, y_true)
