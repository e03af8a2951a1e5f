"""Dense forward keeps the input of its FIRST call (`self.input = input if not hasattr(self,
'input') else self.input`, meant to avoid re-storing it), so every later backward computes
dweight = x₁ᵀ·dvalue from the first batch.

Caught by: invariants, the reuse property only (one layer through several batches: the second
batch's dweight is wrong, a batch of another size raises in the matmul). Survives every check
that builds a fresh layer per call, and a layer that only ever sees one batch."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Layer_Dense(base.Layer_Dense):
    def forward(self, input):
        input = base._floats(input)
        self.input = input if not hasattr(self, "input") else self.input
        self.output = input @ self.weight + self.bias
