"""Categorical cross-entropy backward returns the right dinput × (1 + 1e-7).

Caught by: gradients (symbolic and numeric: −y/ŷ/n is a few roundings, the error 1e-7 of it).
Survives nothing: every float64 input with a nonzero gradient (labels not all zero)."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403

FACTOR = 1 + 1e-7  # a Python float: float64 arithmetic on float64 results, float32 kept for float32


class Loss_CategoricalCrossentropy(base.Loss_CategoricalCrossentropy):
    def backward(self, y_pred, y_true):
        super().backward(y_pred, y_true)
        self.dinput = self.dinput * FACTOR
