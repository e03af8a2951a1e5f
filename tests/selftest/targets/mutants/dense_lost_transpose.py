"""Dense backward drops the transpose: dinput = dvalue · W instead of dvalue · Wᵀ.

Caught by: gradients (symbolic and numeric). Raises ValueError unless n_inputs = n_neurons; for
square weights it survives only a symmetric W."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalue):
        dvalue = base._floats(dvalue)
        self.dweight = self.input.T @ dvalue
        self.dbias = np.sum(dvalue, axis=0, keepdims=True)
        self.dinput = dvalue @ self.weight
