"""Sigmoid backward returns the right dinput × (1 + 1e-7).

Caught by: gradients (symbolic and numeric: the bound on dvalue·σ(1 − σ) is ~24 ulps of
|dvalue|·σ, the error here 1e-7 of it). Survives nothing: every float64 input with a nonzero
gradient."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403

FACTOR = 1 + 1e-7  # a Python float: float64 arithmetic on float64 results, float32 kept for float32


class Activation_Sigmoid(base.Activation_Sigmoid):
    def backward(self, dvalue):
        super().backward(dvalue)
        self.dinput = self.dinput * FACTOR
