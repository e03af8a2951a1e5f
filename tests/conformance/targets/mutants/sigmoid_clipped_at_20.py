"""Sigmoid forward clips its input to ±20 before exp (a common learner's overflow guard), so
beyond |x| = 20 σ is frozen at σ(±20): off by ~2e-9, and the backward gives ~2e-9·dvalue where
the truth is ~e^{−|x|}·dvalue, ~0.

Caught by: invariants (sigmoid_symmetry_and_saturation scales its inputs up to |x| = 1e3; the
other sigmoid properties draw |x| ≤ 4). Survives |x| ≤ 20; in float32, x > 20 too (σ(20) rounds
to 1 there, as does the truth)."""

import numpy as np

from tests.conformance.targets import correct_notes_style as base
from tests.conformance.targets.correct_notes_style import *  # noqa: F403

LIMIT = 20.0


class Activation_Sigmoid(base.Activation_Sigmoid):
    def forward(self, input):
        self.input = base._floats(input)
        x = np.clip(self.input, -LIMIT, LIMIT)
        e = np.exp(-np.abs(x))
        self.output = np.where(x >= 0, 1, e) / (1 + e)
