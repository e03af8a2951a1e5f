"""ReLU backward with the inverted mask: zeroes the gradient where input > 0 instead of < 0.

Caught by: gradients (numeric). Survives only inputs that are all exactly 0 (or zero dvalue)."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_ReLU(base.Activation_ReLU):
    def backward(self, dvalue):
        self.dinput = np.where(self.input > 0, 0, base._floats(dvalue))
