"""ReLU backward writes dinput into a buffer allocated on its first call and reused (to save an
allocation per batch): the dinput returned for an earlier batch is overwritten by the next
backward, and a batch of another size fails to fit the buffer.

Caught by: invariants, the reuse property only (the kept dinput of batch 1 changes after batch
2; another size raises). Each call's values are right at return; survives callers that use each
dinput before the next backward, as a plain training loop does, and every fresh-object check."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_ReLU(base.Activation_ReLU):
    def backward(self, dvalue):
        dvalue = base._floats(dvalue)
        if not hasattr(self, "_buffer"):
            self._buffer = np.empty_like(dvalue)
        np.copyto(self._buffer, dvalue)
        self._buffer[self.input < 0] = 0
        self.dinput = self._buffer
