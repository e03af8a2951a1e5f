"""Linear backward `np.nan_to_num(dvalues, copy=False)`, a learner's guard, writing into the
caller's dvalues and returning them.

Caught by: purity (read-only dvalues raise; NaN would be overwritten in the caller's array).
Every value is right; survives writeable, finite dvalues."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Activation_Linear(base.Activation_Linear):
    def backward(self, dvalues):
        self.dinputs = np.nan_to_num(dvalues, copy=False)
