"""Book-style Dense adds 2λ₂·dweights instead of 2λ₂·weights (a typo): the L2 term scales the
data gradient by (1 + 2λ₂) rather than adding the weight decay.

Caught by: gradients (dweight = xᵀg + 2λ₂·W). Survives weight_regularizer_l2 = 0."""

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalues):
        l2, self.weight_regularizer_l2 = self.weight_regularizer_l2, 0
        super().backward(dvalues)
        self.weight_regularizer_l2 = l2
        self.dweights = self.dweights + 2 * l2 * self.dweights
