"""CCE reads any 2-D labels as one-hot (the notes' len(y_true.shape) == 2 test), (n, 1) included.

Caught by: pitfalls (sparse labels shaped (n, 1)): the index column broadcasts across the classes
as label weights. Survives (n,) sparse labels and (n, c) one-hot or soft labels."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Loss_CategoricalCrossentropy(base.Loss_CategoricalCrossentropy):
    def _label(self, y_pred, y_true):
        y_true = np.asarray(y_true)
        if y_true.ndim == 2:
            return y_true.astype(y_pred.dtype)
        return super()._label(y_pred, y_true)
