"""The tolerance principle (properties/numerics/tolerances.py): a value is judged at the scale it lives on.
Underflow and subnormal differences that no consumer can see pass; a relative 1e-7 error in the
normal range of the value's scale, or float32 arithmetic for float64 input, does not. Expected
values are computed here from the formulas, in float64 or exactly (math.exp)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from backprop_spec.properties.catalogue import elementwise, fused, softmax
from backprop_spec.properties.numerics.tolerances import (
    SCALE_ULPS,
    scale_floor,
    underflow_floor,
    unit_roundoff,
)

F32, F64 = np.dtype(np.float32), np.dtype(np.float64)
EPS64 = float(np.finfo(np.float64).eps)


def within(got: float | np.ndarray, truth: float | np.ndarray, atol: float | np.ndarray) -> bool:
    return bool(np.all(np.abs(np.asarray(got, np.float64) - np.asarray(truth, np.float64)) <= atol))


def test_the_floors_are_a_few_units_of_roundoff_of_the_scale() -> None:
    """scale_floor is SCALE_ULPS·(u + u_ref)·|scale|; underflow_floor is k·(tiny + tiny_ref)·M
    plus k subnormal spacings per side, float32 with its own tiny (1.2e-38)."""
    assert scale_floor(2.0, F64) == pytest.approx(SCALE_ULPS * 2 * unit_roundoff(F64) * 2.0)
    assert scale_floor(-1.0, F32) == pytest.approx(SCALE_ULPS * (unit_roundoff(F32) + unit_roundoff(F64)))
    tiny32, tiny64 = float(np.finfo(F32).tiny), float(np.finfo(F64).tiny)
    assert underflow_floor(3.0, F32) >= 4 * 3.0 * (tiny32 + tiny64)
    assert underflow_floor(0.0, F64) == pytest.approx(8 * float(np.finfo(F64).smallest_subnormal))


def test_the_textbook_sigmoid_underflow_is_no_bug() -> None:
    """1/(1 + e^{−x}) at x = −718.75 is exactly 0 (e^{718.75} overflows), where σ = 7.09e-313;
    `np.clip(x, −500, 500)` gives σ(−500) = 7.1e-218 at x = −1000. Output and backward pass."""
    g = np.array([[1.0, -3.0]])
    for x, got in [(-718.75, 0.0), (-1000.0, 1 / (1 + math.exp(500.0)))]:
        xs = np.array([[x, x]])
        truth = math.exp(x)  # σ(x) = e^x/(1 + e^x) = e^x to 1 ulp here
        atol_out, atol_back = elementwise._sigmoid_bounds(xs, g)
        assert within(got, truth, atol_out)
        assert within(g * got * (1 - got), g * truth, atol_back)


def test_wrong_sigmoids_are_still_caught() -> None:
    """σ(0.3) off by a relative 1e-7, or computed in float32 for float64 input: rejected."""
    xs, g = np.array([[0.3, -2.0]]), np.array([[1.0, 0.5]])
    truth = 1 / (1 + np.exp(-xs))
    atol_out, atol_back = elementwise._sigmoid_bounds(xs, g)
    in_float32 = (1 / (1 + np.exp(-xs.astype(np.float32)))).astype(np.float64)
    assert not within(truth * (1 + 1e-7), truth, atol_out)
    assert not within(in_float32, truth, atol_out)
    assert not within(g * truth * (1 - truth) * (1 + 1e-7), g * truth * (1 - truth), atol_back)


def test_softmax_subnormal_differences_pass_and_normal_errors_do_not() -> None:
    """softmax([0, −720]): the small output is e^{−720} ≈ 1.3e-313; a log-softmax target may give
    0 or a neighbouring subnormal. A relative 1e-7 error in the large output fails."""
    z, g = np.array([[0.0, -720.0]]), np.array([[1.0, 2.0]])
    atol_out, atol_back = softmax._bounds(z, g, F64)
    small = math.exp(-720.0)
    assert within(0.0, small, atol_out[0, 1]) and within(2 * small, small, atol_out[0, 1])
    assert not within((1 - small) * (1 + 1e-7), 1 - small, atol_out[0, 0])
    assert within(0.0, small * (2 - 1), atol_back[0, 1])  # dinput_1 = S_1(g_1 − Σ g S) ≈ S_1


def test_fused_subnormal_backward_and_both_forward_conventions_pass() -> None:
    """The issue's fused case: dinput 2.2250738585072626e-308 where 1.216780750623423e-308 is
    right passes. At c = 1 the exact loss 0 (log-softmax) and −log(1 − 1e-7) (the notes' clip)
    both lie in the accepted interval; 1e-6 does not."""
    z = np.array([[0.0, -708.0]])
    labels = np.array([[1.0, 0.0]])
    bound = fused._arithmetic_bound(z, labels)
    assert within(2.2250738585072626e-308, 1.216780750623423e-308, bound[0, 1])
    low, high = fused.loss_interval(np.zeros((1, 1)), np.ones((1, 1)))
    assert low == 0.0 and high == pytest.approx(-math.log(1 - 1e-7), rel=1e-12)
    assert not low <= 1e-6 <= high
    low, high = fused.loss_interval(np.array([[2.0, 0.0]]), np.array([[0.0, 1.0]]))
    exact = -(0.0 - math.log(1 + math.exp(2.0)))  # nothing clipped: a point interval
    assert high - low <= 4 * EPS64 * exact  # the interval's ends each round by a few ulps
    assert low - 4 * EPS64 * exact <= exact <= high + 4 * EPS64 * exact
