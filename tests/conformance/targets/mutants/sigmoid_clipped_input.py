"""Sigmoid forward clips its input to ±88.72 before exp (the float32 overflow guard, copied into
every dtype), so beyond |x| = 88.72 σ and its gradient are frozen at σ(±88.72).

Caught by: invariants (at saturating inputs the backward gives dvalue·σ(−88.72) ≈ 3e-39·dvalue
where SymPy gives ≈ e^{−|x|}·dvalue, 0 at x = −1000; the forward's error there is below one
ulp of 1, so only the gradient shows it). Survives |x| ≤ 88.72, every moderate input."""

import numpy as np

from tests.conformance.targets import correct_notes_style as base
from tests.conformance.targets.correct_notes_style import *  # noqa: F403

LIMIT = 88.72


class Activation_Sigmoid(base.Activation_Sigmoid):
    def forward(self, input):
        self.input = base._floats(input)
        x = np.clip(self.input, -LIMIT, LIMIT)
        e = np.exp(-np.abs(x))
        self.output = np.where(x >= 0, 1, e) / (1 + e)
