"""Dropout backward draws a new mask instead of using the forward's.

Caught by: gradients (dinput must be dvalue times the mask the forward applied). Survives rate 0
and draws that happen to repeat the forward's mask."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dropout(base.Layer_Dropout):
    def backward(self, dvalues):
        fresh = np.random.binomial(1, self.rate, size=dvalues.shape) / self.rate  # noqa: NPY002
        self.dinputs = dvalues * fresh
