"""MAE backward takes the sign as (ŷ − y)/|ŷ − y|: 0/0 = NaN where a prediction equals its label.

Caught by: pitfalls (the subgradient at the kink ŷ = y). Survives predictions that all differ
from their labels."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss_MeanAbsoluteError(base.Loss_MeanAbsoluteError):
    def backward(self, dvalues, y_true):
        dvalues, y_true = base._regression_labels(y_true, dvalues)
        samples, outputs = dvalues.shape
        with np.errstate(invalid="ignore"):
            self.dinputs = (dvalues - y_true) / np.abs(dvalues - y_true) / outputs / samples
