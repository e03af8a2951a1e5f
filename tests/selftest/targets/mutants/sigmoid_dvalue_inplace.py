"""Book-style sigmoid backward multiplies the caller's dvalues in place (`dvalues *= …`).

Caught by: purity (dvalues changes; a read-only dvalues raises ValueError). The returned
gradient is right on the first call; survives callers that never reuse their dvalues, e.g. a
network that hands each layer a fresh array."""

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Activation_Sigmoid(base.Activation_Sigmoid):
    def backward(self, dvalues):
        dvalues *= (1 - self.output) * self.output
        self.dinputs = dvalues
