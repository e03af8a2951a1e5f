"""Softmax backward returns the right dinput × (1 + 1e-7).

Caught by: gradients (symbolic and numeric: 1e-7 relative is far above the rounding bound of
S ⊙ (dvalue − Σ dvalue·S)). Survives nothing: every float64 input with a nonzero gradient
(an all-equal dvalue row, for instance, has gradient 0 and scales to 0)."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403

FACTOR = 1 + 1e-7  # a Python float: float64 arithmetic on float64 results, float32 kept for float32


class Activation_Softmax(base.Activation_Softmax):
    def backward(self, dvalue):
        super().backward(dvalue)
        self.dinput = self.dinput * FACTOR
