"""Softmax backward takes Σ dvalue·S over the whole batch (np.sum without axis=1, keepdims).

Caught by: invariants (row 0 computed alone differs from row 0 of the batch) and gradients.
Survives n = 1, where the batch is one row."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Softmax(base.Activation_Softmax):
    def backward(self, dvalue):
        dvalue = base._floats(dvalue)
        s = self.output
        self.dinput = s * (dvalue - np.sum(dvalue * s))
