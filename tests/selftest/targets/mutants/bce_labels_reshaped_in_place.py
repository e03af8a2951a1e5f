"""Book-style BCE turns (n,) labels into a column in place (`y_true.shape = (-1, 1)`).

Caught by: purity (the caller's label array comes back with shape (n, 1)). Every value is
right; survives (n, k) labels, which are left as they are."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss_BinaryCrossentropy(base.Loss_BinaryCrossentropy):
    @staticmethod
    def _labels(y_true, dtype):
        if np.ndim(y_true) == 1:
            y_true.shape = (-1, 1)
        return np.asarray(y_true).astype(dtype)
