"""Book-style Dense adds λ₂·W for the L2 term, the factor 2 of d(λ₂w²)/dw lost.

Caught by: gradients (symbolic, and numeric against the loss's own penalty λ₂ΣW²). Survives
weight_regularizer_l2 = 0."""

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalues):
        l2, self.weight_regularizer_l2 = self.weight_regularizer_l2, 0
        super().backward(dvalues)
        self.weight_regularizer_l2 = l2
        self.dweights = self.dweights + l2 * self.weights
