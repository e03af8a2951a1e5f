"""Sigmoid forward writes σ through `output.ravel()` (`out=` a flattened view, to handle any
shape in one call) — but ravel() is a copy when the input is Fortran-ordered (zeros_like keeps
the order), so the output stays all zeros.

Caught by: purity (layout independence: a Fortran-ordered input of at least 2×2 gives zeros
where the C-ordered one gives σ). Survives C-contiguous, strided and read-only inputs, and
inputs with a single row or column (Fortran and C order coincide there)."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Sigmoid(base.Activation_Sigmoid):
    def forward(self, input):
        self.input = base._floats(input)
        self.output = np.zeros_like(self.input)
        flat = self.input.ravel()
        e = np.exp(-np.abs(flat))
        np.divide(np.where(flat >= 0, 1, e), 1 + e, out=self.output.ravel())
