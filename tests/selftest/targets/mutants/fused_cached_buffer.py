"""The fused softmax + CCE backward copies y_pred into a gradient buffer allocated on its first
call and subtracts in place there (no allocation per batch): the dinput returned for an earlier
batch is overwritten by the next backward, and a batch of another size does not fit.

Caught by: invariants, the reuse property only (the kept dinput of batch 1 changes after batch
2; another size raises). Each call's values are right at return; survives callers that use each
dinput before the next backward, and every check that builds a fresh object per call."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Softmax_Loss_CategoricalCrossentropy(
        base.Activation_Softmax_Loss_CategoricalCrossentropy):
    def backward(self, y_pred, y_true):
        y_pred = base._floats(y_pred)
        y_true = np.asarray(y_true)
        n_sample = len(y_pred)
        if not hasattr(self, "_buffer"):
            self._buffer = np.empty_like(y_pred)
        if not base._is_sparse(y_true, y_pred):
            label = y_true.astype(y_pred.dtype)
            np.multiply(y_pred, np.sum(label, axis=1, keepdims=True), out=self._buffer)
            self._buffer -= label
        else:
            np.copyto(self._buffer, y_pred)
            self._buffer[np.arange(n_sample), y_true.reshape(-1).astype(np.intp)] -= 1
        self._buffer /= n_sample
        self.dinput = self._buffer
