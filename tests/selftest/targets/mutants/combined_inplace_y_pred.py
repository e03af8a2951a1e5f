"""Fused softmax + CCE backward subtracts 1 at the label index in the caller's y_pred (no copy).

Caught by: purity (y_pred changes; a read-only y_pred raises ValueError). The gradient values
are right; survives one-hot and soft labels, which take the copying path."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Softmax_Loss_CategoricalCrossentropy(
    base.Activation_Softmax_Loss_CategoricalCrossentropy
):
    def backward(self, y_pred, y_true):
        y_true = np.asarray(y_true)
        if not base._is_sparse(y_true, np.asarray(y_pred)):
            return super().backward(y_pred, y_true)
        n_sample = len(y_pred)
        self.dinput = y_pred
        self.dinput[range(n_sample), y_true.reshape(-1)] -= 1
        self.dinput = self.dinput / n_sample
