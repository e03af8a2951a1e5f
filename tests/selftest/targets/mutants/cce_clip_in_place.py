"""CCE backward clips the caller's predictions in place (`np.clip(y_pred, …, out=y_pred)`).

Caught by: purity (a read-only y_pred raises ValueError; predictions outside [1e-7, 1 − 1e-7]
come back changed). The gradient is right; survives writeable predictions inside the clip
bounds, where the clip writes back the same values."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Loss_CategoricalCrossentropy(base.Loss_CategoricalCrossentropy):
    def backward(self, y_pred, y_true):
        y_pred = base._floats(y_pred)
        y_pred_clip = np.clip(y_pred, base.CLIP, 1 - base.CLIP, out=y_pred)
        label = self._label(y_pred_clip, y_true)
        self.dinput = -label / y_pred_clip / len(y_pred_clip)
