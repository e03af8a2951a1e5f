"""Dense backward returns dinput, dweight and dbias each × (1 + 1e-7): a relative error of 1e-7,
the smallest the docs claim the suite detects.

Caught by: gradients (symbolic and numeric: 1e-7 relative is ~10⁸ float64 ulps, far above the
γ_k rounding bound). Survives nothing: every float64 input with a nonzero gradient."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403

FACTOR = 1 + 1e-7  # a Python float: float64 arithmetic on float64 results, float32 kept for float32


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalue):
        super().backward(dvalue)
        self.dinput = self.dinput * FACTOR
        self.dweight = self.dweight * FACTOR
        self.dbias = self.dbias * FACTOR
