"""Book-style sigmoid forward saves σ for the backward with `self.__dict__.setdefault("saved",
…)`, which stores it on the first call only: every later backward is σ₁(1 − σ₁) of the first
batch, while the output it returns is right.

Caught by: invariants, the reuse property only (the second batch's dinputs are wrong; a batch
of another size broadcasts or raises). Survives every check that builds a fresh sigmoid per
call, and batches whose inputs equal the first's."""

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Activation_Sigmoid(base.Activation_Sigmoid):
    def forward(self, inputs, training):
        super().forward(inputs, training)
        self.__dict__.setdefault("saved", self.output)

    def backward(self, dvalues):
        saved = self.__dict__["saved"]
        self.dinputs = base._as_float(dvalues) * (1 - saved) * saved

