"""Sigmoid backward divides by the batch size as well: the 1/n of the mean loss taken twice.

Caught by: invariants (row 0 alone gets 1/1, in the batch 1/n) and gradients. The loss's
backward already averages over the batch; an activation has no business doing it again.
Survives n = 1."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Sigmoid(base.Activation_Sigmoid):
    def backward(self, dvalue):
        dvalue = base._floats(dvalue)
        self.dinput = dvalue * self.output * (1 - self.output) / len(dvalue)
