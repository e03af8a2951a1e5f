"""CCE forward clips only the lower bound 1e-7, not the upper 1 − 1e-7 (the notes clip both).

Caught by: pitfalls (predictions at the clip bounds). Shows only where a labelled ŷ > 1 − 1e-7:
the loss there is −log ŷ (0 at ŷ = 1) instead of −log(1 − 1e-7) ≈ 1e-7."""

import numpy as np

from tests.conformance.targets import correct_notes_style as base
from tests.conformance.targets.correct_notes_style import *  # noqa: F403


class Loss_CategoricalCrossentropy(base.Loss_CategoricalCrossentropy):
    def forward(self, y_pred, y_true):
        y_pred_clip = np.clip(base._floats(y_pred), base.CLIP, None)
        label = self._label(y_pred_clip, y_true)
        return -np.sum(label * np.log(y_pred_clip), axis=1)
