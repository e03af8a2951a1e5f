"""The sensitivity claim through the real properties: a gradient wrong by a relative 1e-7 (the
catalogue's `*_gradient_1e7` mutants, backward × (1 + 1e-7)) must make each gradient property of
its operation fail on its own — the symbolic one and, above all, the numeric one, whose claimed
resolution docs/measurements.md states. Like test_property_killers.py: one property test at a time, the
verdict profile (ci's derandomised examples, no shrinking), in `tox -e selftest`."""

from __future__ import annotations

import pytest

from tests.helpers import PROPERTIES, failed_properties, run_property
from tests.selftest.targets.catalogue import MUTANTS

SUFFIX = "_gradient_1e7"
# mutant → the gradient properties of its operation (the fused class has no numeric property)
SENSITIVE = {
    "dense_gradient_1e7": ("dense.matches_symbolic", "dense.matches_numeric"),
    "relu_gradient_1e7": ("elementwise.relu_matches_symbolic", "elementwise.relu_matches_numeric"),
    "softmax_gradient_1e7": ("softmax.matches_symbolic", "softmax.matches_numeric"),
    "sigmoid_gradient_1e7": ("elementwise.sigmoid_matches_symbolic",
                             "elementwise.sigmoid_matches_numeric"),
    "cce_gradient_1e7": ("losses.cce_matches_symbolic", "losses.cce_matches_numeric"),
    "bce_gradient_1e7": ("losses.bce_matches_symbolic", "losses.bce_matches_numeric"),
    "fused_gradient_1e7": ("fused.matches_symbolic",),
    **{f"{role}_gradient_1e7": (f"regression.{role}_matches_symbolic", f"regression.{role}_matches_numeric")
       for role in ("linear", "mse", "mae")},
}
PAIRS = [(prop, mutant) for mutant, props in SENSITIVE.items() for prop in props]


def test_every_sensitivity_mutant_and_numeric_property_is_paired():
    """Each ×(1 + 1e-7) mutant of the catalogue is listed, with existing properties, and every
    `*_matches_numeric` property of the catalogue is run against one of them."""
    in_catalogue = {m.module.rsplit(".", 1)[-1] for m in MUTANTS} & set(SENSITIVE)
    listed = {m.module.rsplit(".", 1)[-1] for m in MUTANTS if m.module.endswith(SUFFIX)}
    assert in_catalogue == listed == set(SENSITIVE)
    assert {prop for prop, _ in PAIRS} <= set(PROPERTIES)
    numeric = {prop for prop in PROPERTIES if prop.endswith("matches_numeric")}
    assert numeric <= {prop for prop, _ in PAIRS}, numeric - {prop for prop, _ in PAIRS}


@pytest.mark.selftest
@pytest.mark.parametrize("prop, mutant", PAIRS, ids=[f"{p}-{m}" for p, m in PAIRS])
def test_gradient_property_detects_a_relative_1e7_error(prop, mutant, record_property):
    code, seconds, output = run_property(prop, mutant)
    record_property("seconds", round(seconds, 2))
    assert code == 1 and failed_properties(output) == {prop}, (
        f"{prop} let a gradient × (1 + 1e-7) pass ({mutant}, pytest exit {code}):\n{output[-3000:]}")
