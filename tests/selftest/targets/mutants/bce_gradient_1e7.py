"""Binary cross-entropy backward returns the right dinput × (1 + 1e-7).

Caught by: gradients (symbolic and numeric: the closed form at the clipped prediction is a few
roundings, the error 1e-7 of it). Survives nothing: every float64 input with a nonzero gradient."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403

FACTOR = 1 + 1e-7  # a Python float: float64 arithmetic on float64 results, float32 kept for float32


class Loss_BinaryCrossentropy(base.Loss_BinaryCrossentropy):
    def backward(self, y_pred, y_true):
        super().backward(y_pred, y_true)
        self.dinput = self.dinput * FACTOR
