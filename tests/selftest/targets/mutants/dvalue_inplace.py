"""ReLU backward zeroes the caller's dvalue in place and returns it as dinput (no copy).

Caught by: purity (the argument changes; a read-only dvalue raises ValueError). The gradient
values are right; survives inputs with no negative entry."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_ReLU(base.Activation_ReLU):
    def backward(self, dvalue):
        dvalue[self.input < 0] = 0
        self.dinput = dvalue
