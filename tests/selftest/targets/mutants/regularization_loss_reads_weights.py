"""Book-style Loss.regularization_loss reads the wrong attribute in its bias L2 term:
bias_regularizer_l2 · Σ weights² instead of Σ biases².

Caught by: gradients (the regularisation loss against SymPy's penalty). Survives
bias_regularizer_l2 = 0."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss(base.Loss):
    def regularization_loss(self, layer):
        l2, layer.bias_regularizer_l2 = layer.bias_regularizer_l2, 0
        total = super().regularization_loss(layer)
        layer.bias_regularizer_l2 = l2
        if l2 > 0:
            total += l2 * np.sum(layer.weights * layer.weights)
        return total


# every loss class of the base, on the broken Loss
Loss_CategoricalCrossentropy = type("Loss_CategoricalCrossentropy",
                                    (Loss, base.Loss_CategoricalCrossentropy), {})
Loss_BinaryCrossentropy = type("Loss_BinaryCrossentropy", (Loss, base.Loss_BinaryCrossentropy), {})
Loss_MeanSquaredError = type("Loss_MeanSquaredError", (Loss, base.Loss_MeanSquaredError), {})
Loss_MeanAbsoluteError = type("Loss_MeanAbsoluteError", (Loss, base.Loss_MeanAbsoluteError), {})
