"""Book-style softmax backward allocates np.empty_like(dvalues): integer dvalues truncate.

Caught by: pitfalls (integer dvalues: the gradient is cut to integers, mostly 0). Survives float
dvalues (float32 dvalues with a float64 output lose only precision)."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Activation_Softmax(base.Activation_Softmax):
    def backward(self, dvalues):
        self.dinputs = np.empty_like(dvalues)
        for row, (s, d) in enumerate(zip(self.output, dvalues, strict=True)):
            self.dinputs[row] = (np.diag(s) - np.outer(s, s)) @ d
