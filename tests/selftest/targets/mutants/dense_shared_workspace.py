"""Dense backward writes dinput into a module-wide buffer kept per shape (`out=` a cached array),
to avoid an allocation per batch — so every layer of that shape returns the same array.

Caught by: invariants, the two properties that keep several results of one shape side by
side (linearity: the backward of g2 overwrites that of g1; per-sample sums: every (1, a) row
result is the last row). Every single call's values are right; survives code that uses each
dinput before the next backward of that shape, as a plain training loop does, and every
property that checks one call at a time."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403

_WORKSPACE = {}


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalue):
        dvalue = base._floats(dvalue)
        self.dweight = self.input.T @ dvalue
        self.dbias = np.sum(dvalue, axis=0, keepdims=True)
        dtype = np.result_type(dvalue, self.weight)
        shape = (len(dvalue), self.weight.shape[0])
        buffer = _WORKSPACE.setdefault((shape, dtype), np.empty(shape, dtype))
        self.dinput = np.matmul(dvalue, self.weight.T, out=buffer)
