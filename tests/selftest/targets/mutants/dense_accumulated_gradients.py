"""Book-style Dense backward accumulates `self.dweights += …` and `self.dbiases += …` into
arrays created as zeros on its first call (gradient accumulation without a zero_grad), so the
second batch's gradients include the first's — and the arrays returned for it change too.

Caught by: invariants, the reuse property only. Every single call on a fresh layer is right
(0 + g = g); survives every check that builds a fresh layer per call."""

import numpy as np

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalues):
        dvalues = base._as_float(dvalues)
        dweights = np.dot(self.inputs.T, dvalues)
        dbiases = np.sum(dvalues, axis=0)
        if not hasattr(self, "dweights"):
            self.dweights, self.dbiases = np.zeros_like(dweights), np.zeros_like(dbiases)
        self.dweights += dweights
        self.dbiases += dbiases
        self.regularize()
        self.dinputs = np.dot(dvalues, self.weights.T)
