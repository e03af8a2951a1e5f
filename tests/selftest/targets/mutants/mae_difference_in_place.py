"""MAE backward computes ŷ − y into the caller's predictions (`np.subtract(dvalues, y_true,
out=dvalues)`), to save an allocation.

Caught by: purity (the caller's y_pred changes; read-only predictions raise). Every value is
right; survives callers that never read their predictions again."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Loss_MeanAbsoluteError(base.Loss_MeanAbsoluteError):
    def backward(self, dvalues, y_true):
        samples, outputs = np.shape(dvalues)
        labels = np.asarray(y_true).reshape(np.shape(dvalues))
        difference = np.subtract(dvalues, labels, out=dvalues, casting="unsafe")
        self.dinputs = np.sign(difference) / outputs / samples
