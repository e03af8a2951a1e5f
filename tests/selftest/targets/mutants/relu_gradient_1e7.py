"""ReLU backward returns the right dinput × (1 + 1e-7): dvalue passed on 1e-7 too large.

Caught by: gradients (ReLU's backward is an exact selection, so SymPy's derivative must match bit
for bit; central differences of the piecewise-linear forward see the error too). Survives
nothing: every float64 input with a nonzero gradient."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403

FACTOR = 1 + 1e-7  # a Python float: float64 arithmetic on float64 results, float32 kept for float32


class Activation_ReLU(base.Activation_ReLU):
    def backward(self, dvalue):
        super().backward(dvalue)
        self.dinput = self.dinput * FACTOR
