"""Softmax forward without subtracting the row max: exp overflows to inf and the row to NaN.

Caught by: pitfalls (large logits) and invariants (finite rows summing to 1). Survives logits
below about 709 (float64) or 88 (float32), and rows not all below about −745."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Softmax(base.Activation_Softmax):
    def forward(self, input):
        self.input = base._floats(input)
        exp_value = np.exp(self.input)
        self.output = exp_value / np.sum(exp_value, axis=1, keepdims=True)
