"""Dropout forward `inputs *= binary_mask` into the caller's array, to save an allocation.

Caught by: purity (the caller's input changes; read-only inputs raise). The values are right;
survives callers that never read their input again."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dropout(base.Layer_Dropout):
    def forward(self, inputs, training):
        if not training:
            return super().forward(inputs, training)
        self.binary_mask = np.random.binomial(1, self.rate, size=inputs.shape) / self.rate  # noqa: NPY002
        inputs *= self.binary_mask.astype(inputs.dtype)
        self.output = inputs
