"""Dropout applies the 0/1 mask without the 1/(1 − rate) scale: the expected output shrinks by
the keep probability, and training and inference disagree.

Caught by: gradients (a kept entry of output/input must be 1/(1 − rate)). Survives rate 0."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dropout(base.Layer_Dropout):
    def forward(self, inputs, training):
        super().forward(inputs, training)
        if training:
            self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape).astype(float)  # noqa: NPY002
            self.output = inputs * self.binary_mask
