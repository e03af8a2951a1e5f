"""Book-style Dense takes the L1 sign as weights/|weights|: 0/0 = NaN at a weight of exactly 0.

Caught by: pitfalls (L1's subgradient at w = 0). Survives weights that are all nonzero, and
weight_regularizer_l1 = 0."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalues):
        l1, self.weight_regularizer_l1 = self.weight_regularizer_l1, 0
        super().backward(dvalues)
        self.weight_regularizer_l1 = l1
        if l1 > 0:
            with np.errstate(invalid="ignore"):
                self.dweights = self.dweights + l1 * self.weights / np.abs(self.weights)
