"""BCE backward on the raw predictions: the forward clips, the backward forgets to.

Caught by: pitfalls (at ŷ = 0 or 1 the quotient y/ŷ or (1 − y)/(1 − ŷ) is ±inf or 0/0 = NaN).
Survives every prediction strictly inside (0, 1); there it only differs from the clipped
closed form within 1e-7 of the bounds."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Loss_BinaryCrossentropy(base.Loss_BinaryCrossentropy):
    def backward(self, y_pred, y_true):
        y_pred = base._floats(y_pred)
        y = self._label(y_pred, y_true)
        n_sample, n_output = y_pred.shape
        self.dinput = -(y / y_pred - (1 - y) / (1 - y_pred)) / n_output / n_sample
