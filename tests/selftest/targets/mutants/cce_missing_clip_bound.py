"""CCE forward clips only the upper bound 1 − 1e-7, not the lower 1e-7 (the notes clip both).

Caught by: pitfalls (predictions of exactly 0: −log 0 = inf). The other omission, the upper
bound alone, is no bug: it moves a loss by at most 1e-7, towards the unclipped cross-entropy."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Loss_CategoricalCrossentropy(base.Loss_CategoricalCrossentropy):
    def forward(self, y_pred, y_true):
        y_pred_clip = np.clip(base._floats(y_pred), None, 1 - base.CLIP)
        label = self._label(y_pred_clip, y_true)
        with np.errstate(divide="ignore", invalid="ignore"):
            return -np.sum(label * np.log(y_pred_clip), axis=1)
