"""Self-tests of the estimators (properties/numerics/differentiation.py, finite_differences.py): on
functions with hand-derived derivatives the truth lies within every error bound and the bounds are small. The
checker built on them is tested in tests/properties/numerics/test_vjp.py."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from backprop_spec.properties.numerics.differentiation import (
    Estimate,
    central_directional,
    complex_step_directional,
    one_sided_directional,
    step_error_curve,
    subgradient_interval,
)
from backprop_spec.properties.numerics.vjp import check_vjp
from tests.helpers import LINEAR_MAP, softmax, softmax_vjp, vectors

EPS = float(np.finfo(np.float64).eps)
Elementwise = tuple[Callable[[np.ndarray], np.ndarray], ...]
# f, f', f''' for φ(t) = Σ g_i f(x_i + t v_i); relative scale Σ|g_i|(|f| + |f'| + |f'''|)·‖v‖∞
ELEMENTWISE: dict[str, Elementwise] = {
    "exp": (np.exp, np.exp, np.exp),
    "sin": (np.sin, np.cos, lambda x: -np.cos(x)),
    "cube": (lambda x: x**3, lambda x: 3 * x**2, lambda x: 6 + 0 * x),
}
@st.composite
def point_direction_weights(draw: st.DrawFn, n_max: int = 5, bound: float = 3.0
                            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x with moderate entries, a direction v with some entry ≥ 0.1, weights g."""
    n = draw(st.integers(1, n_max))
    x, v, g = draw(vectors(n, bound)), draw(vectors(n, 1.0)), draw(vectors(n, 2.0))
    assume(np.abs(v).max() >= 0.1)
    return x, v, g


def elementwise_case(name: str, x: np.ndarray, v: np.ndarray, g: np.ndarray, estimate: Estimate
                     ) -> tuple[float, float]:
    """(true φ'(0) along the estimate's direction, the relative scale). Every term of φ counts
    in the scale, moving or not: each rounds."""
    f, df, d3f = ELEMENTWISE[name]
    true = float(np.sum(g * df(x) * estimate.direction))
    magnitudes = np.abs(f(x)) + np.abs(df(x)) + np.abs(d3f(x))
    scale = float(np.sum(np.abs(g) * magnitudes) * np.abs(v).max())
    return true, scale


@given(name=st.sampled_from(sorted(ELEMENTWISE)), case=point_direction_weights())
def test_elementwise_bounds_hold_and_are_small(name: str, case: tuple[np.ndarray, ...]) -> None:
    """exp, sin, x³: the truth lies within each bound, and the bounds are small against the
    derivative's scale: Richardson ≤ 1e-10, plain central ≤ 1e-9, complex step ≤ 1e-14."""
    x, v, g = case
    f = ELEMENTWISE[name][0]
    for est, relative in [(central_directional(f, x, v, g), 1e-10),
                          (central_directional(f, x, v, g, richardson=False), 1e-9),
                          (complex_step_directional(f, x, v, g), 1e-14)]:
        true, scale = elementwise_case(name, x, v, g, est)
        assert abs(est.value - true) <= est.error_bound <= relative * scale + 1e-300, est.method


@given(z=vectors(4, 5.0), g=vectors(4, 2.0), v=vectors(4, 1.0))
def test_vector_functions_softmax_and_linear_map(z: np.ndarray, g: np.ndarray,
                                                 v: np.ndarray) -> None:
    """Softmax (Jacobian diag(s) − s sᵀ) and a linear map A·x (Jacobian A): every method's truth
    lies within its bound, which is small against Σ|g_i| ‖v‖∞ (the derivatives' scale here)."""
    assume(np.abs(v).max() >= 0.1)
    scale = float(np.abs(g).sum() * np.abs(v).max())
    cases = [(softmax, z, g, softmax_vjp(z, g)),
             (lambda y: LINEAR_MAP @ y, z, g[:3], LINEAR_MAP.T @ g[:3])]
    for f, x, weights, vjp in cases:
        for est, relative in [(central_directional(f, x, v, weights), 1e-10),
                              (central_directional(f, x, v, weights, richardson=False), 1e-9),
                              (complex_step_directional(f, x, v, weights), 1e-14)]:
            assert abs(est.value - vjp @ est.direction) <= est.error_bound
            assert est.error_bound <= relative * scale * 10 + 1e-300


@given(x=vectors(3, 3.0, np.float32), v=vectors(3, 1.0), g=vectors(3, 2.0, np.float32),
       seed=st.integers(0, 2**32 - 1))
@example(x=np.array([0.0, 0.0, 1.0], np.float32), v=np.array([0.0, 0.0, 1.0]),
         g=np.array([0.0, 0.0, 1e-45], np.float32), seed=0)  # a subnormal float32 backward
def test_float32_forward_uses_float32_eps(x: np.ndarray, v: np.ndarray, g: np.ndarray,
                                          seed: int) -> None:
    """exp computed in float32 (at float32 points, so f sees exactly the perturbed points): the
    bound follows float32's eps (≤ 2e-3 relative), holds, and check_vjp accepts the float32
    backward g·exp(x), which is allowed its own float32 rounding — relative, or one float32
    subnormal spacing where g·exp(x) underflows (the thorough profile found g = 1e-45)."""
    assume(np.abs(v).max() >= 0.1)
    exp32 = lambda y: np.exp(y.astype(np.float32))  # noqa: E731
    g64 = g.astype(np.float64)
    scale = float(np.sum(np.abs(g64) * np.exp(x.astype(np.float64))) * np.abs(v).max())
    for richardson in (True, False):
        est = central_directional(exp32, x, v, g64, richardson=richardson)
        true = float(np.sum(g64 * np.exp(x.astype(np.float64)) * est.direction))
        assert abs(est.value - true) <= est.error_bound <= 2e-3 * scale + 1e-300
        assert est.error_bound >= 1e3 * EPS * abs(true)  # float64's eps would claim far too much
    result = check_vjp(exp32, x, g64, g * np.exp(x), directions=2, rng=np.random.default_rng(seed))
    assert result.passed, result.describe()


@given(x=st.floats(-1e-3, 1e-3), g=st.floats(0.5, 2.0))
def test_central_near_relu_kink_never_claims_too_much(x: float, g: float) -> None:
    """ReLU near (or at) its kink: the estimate's interval holds the derivative (g or 0), or at
    exactly 0 a subgradient; a kink farther than 1e-11 is stepped past and resolved to 1e-9."""
    est = central_directional(lambda y: np.maximum(y, 0), np.array([x]), np.ones(1),
                              np.array([g]))
    truths = [0.0, g] if x == 0 else [g if x > 0 else 0.0]
    assert any(abs(est.value - t) <= est.error_bound for t in truths)
    if abs(x) >= 1e-11:
        assert est.method == "richardson"
        assert est.error_bound <= 1e-9


@pytest.mark.parametrize(("f", "lo", "hi"), [(np.abs, -1.0, 1.0),
                                               (lambda y: np.maximum(y, 0), 0.0, 1.0)])
def test_subgradient_interval_at_zero(f: Callable[[np.ndarray], np.ndarray], lo: float,
                                      hi: float) -> None:
    """|x| at 0 has subdifferential [−1, 1], ReLU at 0 has [0, 1] (v = 1, g = 1)."""
    got_lo, got_hi, bound = subgradient_interval(f, np.zeros(1), np.ones(1), np.ones(1))
    assert abs(got_lo - lo) <= bound and abs(got_hi - hi) <= bound
    assert bound <= 1e-10


def test_subgradient_interval_of_relu_layer() -> None:
    """φ = Σ g_i ReLU(x_i) along e_k, x = (−1.5, −0.25, 0, 0.75), for g_k of either sign: at the
    zero entry [min(0, g_k), max(0, g_k)], elsewhere the single derivative g_k·[x_k > 0]."""
    x = np.array([-1.5, -0.25, 0.0, 0.75])
    for k in range(4):
        for g_k in (-1.25, 0.5):
            g = np.full(4, 0.3)
            g[k] = g_k
            lo, hi, bound = subgradient_interval(lambda y: np.maximum(y, 0), x, np.eye(4)[k], g)
            expected = sorted((0.0, g_k)) if x[k] == 0 else [g_k * (x[k] > 0)] * 2
            assert abs(lo - expected[0]) <= bound <= 1e-8
            assert abs(hi - expected[1]) <= bound


@given(x=st.floats(-3, 3), side=st.sampled_from([1, -1]))
def test_one_sided_on_smooth_function(x: float, side: int) -> None:
    """On exp both one-sided derivatives are exp(x), within a bound of ~1e-9 relative (second
    order, so coarser than central)."""
    est = one_sided_directional(np.exp, np.array([x]), np.ones(1), np.ones(1), side=side)
    assert est.method == ("forward" if side > 0 else "backward")
    assert abs(est.value - np.exp(x)) <= est.error_bound <= 1e-8 * np.exp(x)


def test_cancellation_inside_f_is_measured() -> None:
    """f(x) = (0.1, 0.2, −0.3)·x at x = v = (1, 1, 1): φ and φ' are ~1e-17 sums of ~0.1 terms,
    so the model (scaled by |f|) predicts almost no rounding, yet the computed derivative is off
    by 2.8e-17 (it gives 5.6e-17; the exact sum of the three doubles is 2^-55). The measured
    noise (ECnoise, or the complex step's spread over 3h and 5h) must cover it."""
    row = np.array([[0.1, 0.2, -0.3]])
    ones = np.ones(3)
    exact = 2.0**-55  # 0.1 + 0.2 − 0.3 in exact arithmetic on the three doubles
    for est in (central_directional(lambda y: row @ y, ones, ones, np.ones(1)),
                complex_step_directional(lambda y: row @ y, ones, ones, np.ones(1))):
        assert abs(est.value - exact) <= est.error_bound <= 1e-11, est.method


def test_log_near_zero_shrinks_the_step() -> None:
    """log at 1e-7 (the cross-entropy clip): the first steps leave the domain, so the step
    shrinks below 1e-7 and the bound stays ~1e-10 relative to 1/x = 1e7."""
    for method in ("richardson", "central"):
        est = central_directional(np.log, np.array([1e-7]), np.ones(1), np.ones(1),
                                  richardson=method == "richardson")
        assert est.step < 1e-8
        assert abs(est.value - 1e7) <= est.error_bound <= 1e-8 * 1e7


def test_bad_arguments_are_refused() -> None:
    """A zero direction, a side other than ±1, and a forward that drops the imaginary part."""
    x = np.ones(2)
    with pytest.raises(ValueError, match="nonzero"):
        central_directional(np.exp, x, np.zeros(2), x)
    with pytest.raises(ValueError, match="side"):
        one_sided_directional(np.exp, x, x, x, side=0)
    with pytest.raises(TypeError, match="imaginary"):
        complex_step_directional(lambda y: np.exp(y.real), x, x, x)


def test_step_error_curve_shows_why_the_steps_are_chosen() -> None:
    """exp at 1: central error falls as h² (truncation e·h²/6) then rises as eps/h (rounding),
    bottoming out near h ~ eps^(1/3) ≈ 6e-6 at ~1e-11; the complex step stays at ~eps down
    to h = 1e-20. Deterministic."""
    steps = [10.0**-k for k in range(1, 15)] + [1e-20]
    rows = step_error_curve(np.exp, np.exp, 1.0, steps)
    assert rows == step_error_curve(np.exp, np.exp, 1.0, steps)
    by_step = {h: (central, complex_) for h, central, complex_ in rows}
    assert by_step[1e-1][0] == pytest.approx(1e-2 / 6, rel=1e-2)  # truncation h²/6
    assert by_step[1e-13][0] > 1e-4  # rounding ~eps·e/(e·h) = eps/h ≈ 2e-3
    best = min(rows[:-1], key=lambda row: row[1])
    assert 1e-7 <= best[0] <= 1e-4 and best[1] <= 1e-10
    assert max(complex_ for h, _, complex_ in rows if h <= 1e-8) <= 2 * EPS
