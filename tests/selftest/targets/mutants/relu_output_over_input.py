"""ReLU backward takes ReLU'(x) as max(0, x) / x: 0 / 0 = NaN at exactly x = 0.

Caught by: pitfalls (the subgradient at exactly 0 must lie in [0, 1]; NaN does not) and purity
(NaN differs from NaN in every layout). Right everywhere else, so it survives every input
without an exact 0 — the drawn values of the symbolic and numeric checks."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_ReLU(base.Activation_ReLU):
    def backward(self, dvalue):
        self.dinput = base._floats(dvalue) * (self.output / self.input)
