"""The fused softmax + CCE backward returns the right (S·Σy − y)/n × (1 + 1e-7).

Caught by: gradients (symbolic: a few roundings against an error of 1e-7 relative). Survives
nothing: every float64 input with a nonzero gradient."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403

FACTOR = 1 + 1e-7  # a Python float: float64 arithmetic on float64 results, float32 kept for float32


class Activation_Softmax_Loss_CategoricalCrossentropy(
        base.Activation_Softmax_Loss_CategoricalCrossentropy):
    def backward(self, y_pred, y_true):
        super().backward(y_pred, y_true)
        self.dinput = self.dinput * FACTOR
