"""Book-style Dense writes the bias L1 term with the weights' strength (copied from the weight
L1 line): dbiases += weight_regularizer_l1 · dL1(biases).

Caught by: gradients (dbias gains λ₁ᵇ·sign(b)). Survives bias_regularizer_l1 = 0, and equal
weight and bias L1 strengths."""

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalues):
        l1, self.bias_regularizer_l1 = self.bias_regularizer_l1, 0
        super().backward(dvalues)
        self.bias_regularizer_l1 = l1
        if l1 > 0:
            self.dbiases = self.dbiases + base._penalty_gradient(
                self.biases, self.weight_regularizer_l1, 0).reshape(-1)
