"""Book-style CCE backward converts the labels to a one-hot matrix on its first call and keeps
it ("the labels do not change"), so every later backward uses the first batch's one-hot rows.

Caught by: invariants, the reuse property only (the second batch's dinputs are wrong; a batch
of another size broadcasts or raises). Survives every check that builds a fresh loss per call,
and batches whose labels equal the first's."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss_CategoricalCrossentropy(base.Loss_CategoricalCrossentropy):
    def backward(self, dvalues, y_true):
        dvalues_clipped = base._clip(dvalues)
        samples, classes = dvalues_clipped.shape
        if not hasattr(self, "one_hot"):
            if base._is_sparse(np.asarray(y_true), dvalues_clipped):
                index = np.asarray(y_true).reshape(-1).astype(np.intp)
                self.one_hot = np.eye(classes, dtype=dvalues_clipped.dtype)[index]
            else:
                self.one_hot = np.asarray(y_true).astype(dvalues_clipped.dtype)
        self.dinputs = -self.one_hot / dvalues_clipped / samples
