"""Sigmoid forward written as e^x / (1 + e^x) for every x: inf / inf = NaN once e^x overflows.

Caught by: invariants (saturating inputs must give a finite σ in [0, 1]). The formula is exact
algebra, so it survives every input below about 709 (float64) or 88 (float32), where e^x is
finite; the classic 1 / (1 + e^{−x}) saturates to 0 cleanly, this form does not."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Sigmoid(base.Activation_Sigmoid):
    def forward(self, input):
        self.input = base._floats(input)
        exp_value = np.exp(self.input)
        self.output = exp_value / (1 + exp_value)
