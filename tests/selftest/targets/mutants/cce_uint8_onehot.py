"""CCE backward computes -y_true / ŷ on the raw one-hot labels: uint8 wraps to 255, bool raises.

Caught by: pitfalls (uint8/bool one-hot labels). Survives float and signed-int one-hot, soft and
sparse labels."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Loss_CategoricalCrossentropy(base.Loss_CategoricalCrossentropy):
    def backward(self, y_pred, y_true):
        y_pred_clip = base._clipped(y_pred)
        y_true = np.asarray(y_true)
        sparse = base._is_sparse(y_true, y_pred_clip)
        label = self._label(y_pred_clip, y_true) if sparse else y_true
        self.dinput = -label / y_pred_clip / len(y_pred_clip)
