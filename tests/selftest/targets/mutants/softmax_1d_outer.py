"""Softmax Jacobian from the 1-D output without reshape: np.dot(s.T, s) is the scalar Σ s².

Caught by: gradients (symbolic and numeric): every entry of the Jacobian is shifted by −Σ s².
Survives c = 1 (the Jacobian is 0 either way) and all-zero dvalue."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Softmax(base.Activation_Softmax):
    def backward(self, dvalue):
        dvalue = base._floats(dvalue)
        self.dinput = np.empty(dvalue.shape, dtype=np.result_type(self.output, dvalue))
        for each, (single_output, single_dvalue) in enumerate(
            zip(self.output, dvalue, strict=True)
        ):
            jacobian_matrix = np.diagflat(single_output) - np.dot(single_output.T, single_output)
            self.dinput[each] = np.dot(jacobian_matrix, single_dvalue)
