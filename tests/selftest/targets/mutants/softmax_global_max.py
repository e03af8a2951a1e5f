"""Softmax forward subtracts the batch's max (np.max without axis) instead of each row's.

Caught by: pitfalls and invariants (a row whose logits all lie ~745 below another row's max
underflows to 0 / 0 = NaN). Survives n = 1, and batches whose rows' maxima are within a few
hundred of each other: the shift is then just another constant per row."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Softmax(base.Activation_Softmax):
    def forward(self, input):
        self.input = base._floats(input)
        exp_value = np.exp(self.input - np.max(self.input))
        self.output = exp_value / np.sum(exp_value, axis=1, keepdims=True)
