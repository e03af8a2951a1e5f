"""Sigmoid backward uses the input instead of the output: dvalue · x · (1 − x), not σ(1 − σ).

Caught by: gradients (symbolic and numeric). Survives no realistic input."""


from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Sigmoid(base.Activation_Sigmoid):
    def backward(self, dvalue):
        self.dinput = base._floats(dvalue) * self.input * (1 - self.input)
