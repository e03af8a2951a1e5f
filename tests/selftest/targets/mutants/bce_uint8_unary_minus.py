"""BCE backward written (-y/ŷ + (1-y)/(1-ŷ)) on raw labels: the notes' commented-out uint8 bug.

Caught by: pitfalls (uint8 labels: -1 wraps to 255; bool labels raise TypeError). Survives float
and signed-int labels, and uint8 labels that are all 0."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Loss_BinaryCrossentropy(base.Loss_BinaryCrossentropy):
    def backward(self, y_pred, y_true):
        y_pred_clip = base._clipped(y_pred)
        y_true = np.asarray(y_true)
        if y_true.ndim == 1:
            y_true = y_true.reshape(-1, 1)
        n_sample, n_output = y_pred_clip.shape
        dinput = -y_true / y_pred_clip + (1 - y_true) / (1 - y_pred_clip)
        self.dinput = dinput / n_output / n_sample
