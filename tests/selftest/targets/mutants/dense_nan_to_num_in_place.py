"""Dense backward "guards" against NaN gradients with np.nan_to_num(dvalue, copy=False).

Caught by: purity (it writes into the caller's dvalue: a read-only dvalue raises ValueError, a
NaN in dvalue comes back as 0). Survives every writeable, finite dvalue — the gradients are
right and the write changes nothing there."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalue):
        dvalue = np.nan_to_num(base._floats(dvalue), copy=False)
        self.dweight = self.input.T @ dvalue
        self.dbias = np.sum(dvalue, axis=0, keepdims=True)
        self.dinput = dvalue @ self.weight.T
