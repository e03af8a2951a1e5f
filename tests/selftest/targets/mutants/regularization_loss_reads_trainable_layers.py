"""Book-style Loss whose regularization_loss(layer) mixes the book's two forms: it takes the layer
as an argument but reads the layers from self.trainable_layers, which the book's later form sets
(remember_trainable_layers) and this one never does — an AttributeError on every call.

Caught by: the regularisation penalty, reported on the loss class (the broken code), never on the
Dense, whose gradients are right. Survives: nothing that calls regularization_loss."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss(base.Loss):
    def regularization_loss(self, layer):
        total = 0
        for trainable in self.trainable_layers:
            total += trainable.weight_regularizer_l2 * np.sum(trainable.weights * trainable.weights)
        return total


# every loss class of the base, on the broken Loss
Loss_CategoricalCrossentropy = type("Loss_CategoricalCrossentropy",
                                    (Loss, base.Loss_CategoricalCrossentropy), {})
Loss_BinaryCrossentropy = type("Loss_BinaryCrossentropy", (Loss, base.Loss_BinaryCrossentropy), {})
Loss_MeanSquaredError = type("Loss_MeanSquaredError", (Loss, base.Loss_MeanSquaredError), {})
Loss_MeanAbsoluteError = type("Loss_MeanAbsoluteError", (Loss, base.Loss_MeanAbsoluteError), {})
