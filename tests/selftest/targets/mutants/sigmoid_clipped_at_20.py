"""Sigmoid forward clips its input to ±20 before exp (a common learner's overflow guard), so
beyond |x| = 20 σ is frozen at σ(±20): off by ~2e-9, and the backward gives ~2e-9·dvalue where
the truth is ~e^{−|x|}·dvalue, ~0.

Caught by: invariants (sigmoid_symmetry_and_saturation scales its inputs up to |x| = 1e3; the
other sigmoid properties draw |x| ≤ 4). Survives |x| ≤ 20; in float32, x > 20 too (σ(20) rounds
to 1 there, as does the truth)."""

from tests.selftest.targets import correct_sigmoid_clipped
from tests.selftest.targets.correct_sigmoid_clipped import *  # noqa: F403

base = correct_sigmoid_clipped  # the correct target it differs from (not its star-imported base)


class Activation_Sigmoid(base.Activation_Sigmoid):
    limit = 20.0
