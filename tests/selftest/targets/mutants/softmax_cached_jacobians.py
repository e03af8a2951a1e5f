"""Book-style softmax backward builds each row's Jacobian diag(s) − s·sᵀ once and caches the
list ("the Jacobians are expensive"), so every later backward multiplies by the first batch's
Jacobians: the output of the current forward is ignored.

Caught by: invariants, the reuse property only (the second batch's dinputs are wrong; a batch
with more rows runs out of Jacobians). Survives every check that builds a fresh softmax per
call, and batches whose logits equal the first's."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Activation_Softmax(base.Activation_Softmax):
    def backward(self, dvalues):
        dvalues = base._as_float(dvalues)
        if not hasattr(self, "jacobians"):
            self.jacobians = [np.diag(s) - np.outer(s, s) for s in self.output]
        self.dinputs = np.empty(dvalues.shape, dtype=np.result_type(self.output, dvalues))
        for row, (jacobian, d) in enumerate(zip(self.jacobians, dvalues, strict=True)):
            self.dinputs[row] = jacobian @ d
