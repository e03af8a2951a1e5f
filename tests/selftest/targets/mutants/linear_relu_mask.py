"""Linear backward copied from ReLU's with the mask left in: dinputs zeroed where inputs <= 0.

Caught by: gradients (dy/dx is 1 everywhere). Survives inputs that are all positive."""

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Activation_Linear(base.Activation_Linear):
    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0
