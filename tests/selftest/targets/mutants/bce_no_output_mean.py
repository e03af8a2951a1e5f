"""BCE backward forgets to divide by the number of binary outputs k (the per-sample mean).

Caught by: gradients (numeric gradient of the mean loss). Survives k = 1, the common case."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Loss_BinaryCrossentropy(base.Loss_BinaryCrossentropy):
    def backward(self, y_pred, y_true):
        y_pred_clip = base._clipped(y_pred)
        y = self._label(y_pred_clip, y_true)
        self.dinput = -(y / y_pred_clip - (1 - y) / (1 - y_pred_clip)) / len(y_pred_clip)
