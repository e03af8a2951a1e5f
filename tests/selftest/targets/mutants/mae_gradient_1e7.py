"""MAE backward: dinputs × (1 + 1e-7), the smallest relative error the docs claim the suite
detects.

Caught by: gradients (symbolic and numeric). Survives nothing: every float64 input with a
nonzero gradient."""

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403

FACTOR = 1 + 1e-7


class Loss_MeanAbsoluteError(base.Loss_MeanAbsoluteError):
    def backward(self, dvalues, y_true):
        super().backward(dvalues, y_true)
        self.dinputs = self.dinputs * FACTOR
