"""Softmax forward subtracts the row max from the caller's logits in place (`input -= max`).

Caught by: purity (the logits come back shifted; read-only logits raise ValueError). Softmax
is shift-invariant, so every output and gradient is right; survives logits whose row max is
exactly 0, where the in-place subtraction changes nothing."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Softmax(base.Activation_Softmax):
    def forward(self, input):
        self.input = base._floats(input)
        self.input -= np.max(self.input, axis=1, keepdims=True)
        exp_value = np.exp(self.input)
        self.output = exp_value / np.sum(exp_value, axis=1, keepdims=True)
