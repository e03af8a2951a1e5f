"""A correct rewrite: correct_notes_style with a sigmoid that clips its input to ±88.72 before
exp (the float32 overflow guard, used in every dtype), so beyond |x| = 88.72 σ and its gradient
are frozen at σ(±88.72).

An accepted convention, not a bug: the frozen values differ from the truth by at most
σ(−88.72) ≈ 3e-39 in σ (far below one rounding unit of 1, the scale σ lives on) and by about
3e-39·|dvalue| in the gradient (far below one rounding unit of dvalue). Formerly the mutant
sigmoid_clipped_input; the suite must accept it."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Activation_Sigmoid(base.Activation_Sigmoid):
    """σ(clip(x, −limit, limit)) through e^{−|x|}; the backward is the base's dvalue·σ(1 − σ)."""

    limit = 88.72

    def forward(self, input):
        self.input = base._floats(input)
        x = np.clip(self.input, -self.limit, self.limit)
        e = np.exp(-np.abs(x))
        self.output = np.where(x >= 0, 1, e) / (1 + e)
