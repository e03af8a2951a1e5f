"""Book-style CCE forward for 2-D labels is −log Σ_j y_j ŷ_j, not −Σ_j y_j log ŷ_j.

Caught by: gradients (backward −y/ŷ/n is not the gradient of this forward) and the symbolic
forward. Equal on sparse and one-hot labels; only soft label rows show it."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss_CategoricalCrossentropy(base.Loss_CategoricalCrossentropy):
    def forward(self, y_pred, y_true):
        y_pred_clipped = base._clip(y_pred)
        if base._is_sparse(np.asarray(y_true), y_pred_clipped):
            return super().forward(y_pred, y_true)
        labels = np.asarray(y_true).astype(y_pred_clipped.dtype)
        return -np.log(np.sum(y_pred_clipped * labels, axis=1))
