"""Book-style CCE backward -y_true / dvalues on raw one-hot labels: uint8 wraps, bool raises.

Caught by: pitfalls (uint8/bool one-hot labels). Survives sparse labels (made one-hot by
np.eye), float and signed-int one-hot, and soft labels."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss_CategoricalCrossentropy(base.Loss_CategoricalCrossentropy):
    def backward(self, dvalues, y_true):
        dvalues_clipped = base._clip(dvalues)
        samples, classes = dvalues_clipped.shape
        if base._is_sparse(np.asarray(y_true), dvalues_clipped):
            index = np.asarray(y_true).reshape(-1).astype(np.intp)
            y_true = np.eye(classes, dtype=dvalues_clipped.dtype)[index]
        self.dinputs = -y_true / dvalues_clipped / samples
