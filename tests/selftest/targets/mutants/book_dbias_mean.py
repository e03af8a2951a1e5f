"""Book-style Dense backward averages dvalues over the batch for dbiases instead of summing.

Caught by: gradients (numeric; the shape (b,) is right). Survives n = 1."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalues):
        dvalues = base._as_float(dvalues)
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.mean(dvalues, axis=0)
        self.regularize()
        self.dinputs = np.dot(dvalues, self.weights.T)
