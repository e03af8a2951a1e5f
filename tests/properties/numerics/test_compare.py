"""Self-tests of properties/numerics/compare.py's comparison engine (messages, NaN handling, the returned
ratio) and of properties/numerics/tolerances.py (the γ_k bounds hold on real float32 computations and are
not loose)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_spec.properties.numerics import observations
from backprop_spec.properties.numerics.compare import assert_close, assert_equal_exact, check_close
from backprop_spec.properties.numerics.tolerances import (
    dot_bound,
    elementwise_bound,
    gamma,
    sum_bound,
    unit_roundoff,
)

CONTEXT = "Activation_Softmax.backward(n=3, c=4)"


def expected_grid() -> np.ndarray:
    return np.arange(12.0).reshape(3, 4) / 7


def failure(got: np.ndarray, expected: np.ndarray, **kwargs: object) -> str:
    """The message of an assert_close that must fail."""
    options: dict[str, object] = {"atol": 1e-12, "name": "dinput", "context": CONTEXT,
                                  "why": "γ_4 on each side"}
    options.update(kwargs)
    with pytest.raises(AssertionError) as raised:
        assert_close(got, expected, **options)  # type: ignore[arg-type]
    return str(raised.value)


def test_message_names_worst_entry_counts_and_reason() -> None:
    """Two wrong entries: the message leads with the worse one (index (1, 2), diff 1.2e-7),
    counts 2 of 12, gives abs and rel diff and the allowance, and carries the reason."""
    expected = expected_grid()
    got = expected.copy()
    got[1, 2] += 1.2e-7
    got[0, 1] += 3e-9
    lines = failure(got, expected, atol=3.1e-15).splitlines()
    assert lines[0] == (f"dinput={got[1, 2]} at index (1, 2), but should be {expected[1, 2]} "
                        f"[{CONTEXT}]")
    assert lines[1] == "mismatched: 2 of 12 entries"
    rel = 1.2e-7 / expected[1, 2]  # 1.4e-7 = 1.2e-7 / (6/7)
    assert lines[2] == f"worst: index (1, 2), abs diff 1.2e-07, rel diff {rel:.2g}, allowed 3.1e-15"
    assert lines[3] == "tolerance: γ_4 on each side"


def test_per_entry_tolerance_array_decides_the_worst_ratio() -> None:
    """With atol an array, the worst entry is the largest diff/atol, not the largest diff."""
    expected = np.zeros(3)
    got = np.array([1e-6, 1e-9, 0.0])
    message = failure(got, expected, atol=np.array([1e-5, 1e-10, 1.0]))
    assert "at index (1,)" in message and "mismatched: 1 of 3 entries" in message


@given(expected=st.lists(st.floats(-10, 10), min_size=6, max_size=6),
       fraction=st.floats(0, 0.99), atol=st.floats(1e-9, 1e-3))
def test_returns_the_worst_ratio(expected: list[float], fraction: float, atol: float) -> None:
    """Every entry off by fraction·atol: the returned ratio is max|got − expected|/atol, which is
    fraction up to the rounding of expected + fraction·atol (ulp(10)/atol ≤ 2e-6)."""
    grid = np.reshape(expected, (2, 3))
    got = grid + fraction * atol
    ratio = assert_close(got, grid, atol=atol, name="x", context="c", why="w")
    assert ratio == np.abs(got - grid).max() / atol
    assert abs(ratio - fraction) <= np.spacing(10.0) / atol


def test_exact_match_returns_zero_and_atol_zero_demands_equality() -> None:
    """Identical arrays give ratio 0, even against atol 0; any difference against 0 fails."""
    expected = expected_grid()
    assert assert_close(expected.copy(), expected, atol=0.0, name="x", context="c", why="w") == 0
    assert "allowed 0" in failure(np.nextafter(expected, 2), expected, atol=0.0)


def test_nan_in_got_never_passes_and_is_reported() -> None:
    """A NaN where a finite value is expected fails under any tolerance, named explicitly."""
    expected = expected_grid()
    got = expected.copy()
    got[2, 3] = np.nan
    message = failure(got, expected, atol=1e300)
    assert message.startswith(f"dinput=nan at index (2, 3), but should be {expected[2, 3]}")
    assert "non-finite: 1 entries are NaN or inf where a finite value was expected" in message


@pytest.mark.parametrize("special", [np.nan, np.inf, -np.inf])
def test_agreeing_nonfinite_values_agree(special: float) -> None:
    """NaN against NaN, or an infinity against the same infinity, is no mismatch (both sides come
    from a target or a reference); an infinity against the other sign, or against a finite value,
    fails."""
    expected = np.array([1.0, special])
    assert assert_close(expected.copy(), expected, atol=1.0, name="x", context="c", why="w") == 0.0
    assert "at index (1,)" in failure(np.array([1.0, 2.0]), expected, atol=1.0)
    if np.isinf(special):
        assert "at index (1,)" in failure(-expected, expected, atol=10.0)


def test_a_reused_object_whose_loss_overflows_like_a_fresh_one_passes() -> None:
    """Past failure: a reused object's per-sample loss was reported as `=inf at index (0,), but
    should be inf` — two agreeing infinities, from the target's reused and fresh objects, counted
    as a failure. check_close is the comparison the reuse properties make."""
    record = observations.Record()
    token = observations.current.set(record)
    try:
        check_close("per-sample loss of the reused object", np.array([np.inf, 0.5]),
                    np.array([np.inf, 0.5]), atol=1e-12, where=CONTEXT, why="the same code twice")
    finally:
        observations.current.reset(token)
    assert record.compared is None and record.worst == 0.0


def test_shape_mismatch_names_both_shapes() -> None:
    message = failure(np.zeros((3, 4)), np.zeros((4, 3)))
    assert "(3, 4)" in message and "(4, 3)" in message and CONTEXT in message


def test_bad_tolerance_is_refused() -> None:
    """A negative or NaN atol is a caller's bug, not a pass."""
    for atol in (-1.0, np.nan):
        with pytest.raises(ValueError, match="atol"):
            assert_close(np.zeros(2), np.zeros(2), atol=atol, name="x", context="c", why="w")


def test_assert_equal_exact() -> None:
    """Bit-for-bit: passes on equal arrays; one ulp or a flipped zero sign fails with the same
    message shape (allowed 0); NaN equals NaN."""
    expected = expected_grid()
    assert_equal_exact(expected.copy(), expected, name="s", context=CONTEXT, why="deterministic")
    got = expected.copy()
    got[2, 1] = np.nextafter(got[2, 1], 10)
    with pytest.raises(AssertionError) as raised:
        assert_equal_exact(got, expected, name="s", context=CONTEXT, why="deterministic")
    lines = str(raised.value).splitlines()
    assert lines[0].startswith("s=") and "at index (2, 1)" in lines[0] and CONTEXT in lines[0]
    assert lines[1] == "mismatched: 1 of 12 entries"
    assert re.search(r"allowed 0$", lines[2]) and lines[3] == "tolerance: deterministic"
    with pytest.raises(AssertionError, match=r"z=-0\.0 at index \(0,\), but should be 0\.0"):
        assert_equal_exact(np.array([-0.0]), np.array([0.0]), name="z", context="c", why="w")
    nan = np.array([np.nan])
    assert_equal_exact(nan, nan, name="n", context="c", why="w")
    with pytest.raises(AssertionError):
        assert_equal_exact(nan, np.array([0.0]), name="n", context="c", why="w")


def test_gamma_matches_higham_and_refuses_k_u_at_least_one() -> None:
    """γ_k = k·u/(1 − k·u) with u = eps/2; undefined once k·u ≥ 1."""
    u32 = unit_roundoff(np.float32)
    assert u32 == 2.0**-24 and unit_roundoff(np.int64) == 2.0**-53
    assert gamma(3, np.float32) == 3 * u32 / (1 - 3 * u32)
    with pytest.raises(ValueError, match="γ"):
        gamma(2**24, np.float32)


@pytest.mark.parametrize("k", [3, 16, 64, 256])
def test_dot_bound_covers_float32_matmul(k: int) -> None:
    """float32 A@B against float64, 20 random Gaussian pairs (8×k)(k×6): the error stays within
    dot_bound, and the bound is not absurdly loose. Measured worst observed/bound ratio: 0.57
    (k=3), 0.14 (k=16), 0.048 (k=64), 0.0083 (k=256) — the worst case grows as k, the typical
    error as √k; the asserted floors are those figures divided by 10."""
    rng = np.random.default_rng(k)
    worst = 0.0
    for _ in range(20):
        a = rng.standard_normal((8, k)).astype(np.float32)
        b = rng.standard_normal((k, 6)).astype(np.float32)
        observed = np.abs((a @ b).astype(np.float64) - a.astype(np.float64) @ b)
        worst = max(worst, float((observed / dot_bound(a, b, np.float32)).max()))
    floor = {3: 0.057, 16: 0.014, 64: 0.0048, 256: 0.00083}[k]
    assert floor <= worst <= 1


def test_sum_bound_covers_float32_column_sums() -> None:
    """db = column sums of G in float32 against float64, n = 3…1024 rows: within sum_bound.
    Measured worst observed/bound: 0.62 (n=3) down to 0.0018 (n=1024)."""
    rng = np.random.default_rng(1)
    for n in (3, 64, 1024):
        worst = 0.0
        for _ in range(20):
            g = rng.standard_normal((n, 5)).astype(np.float32)
            observed = np.abs(g.sum(axis=0).astype(np.float64) - g.astype(np.float64).sum(axis=0))
            worst = max(worst, float((observed / sum_bound(g, 0, np.float32)).max()))
        assert worst <= 1
    assert worst > 0  # the float32 sums did round


def test_elementwise_bound_covers_float32_sigmoid() -> None:
    """σ(x) = 1/(1 + e^{−x}) in float32 on 40001 points of [−20, 20]: exp (2 ops, < 1 ulp), add,
    divide — no cancellation, so 4 operations; against float64 it stays within
    elementwise_bound(σ, 4). Measured worst observed/bound: printed by the assertion."""
    x = np.linspace(-20, 20, 40001).astype(np.float32)
    sigmoid32 = np.float32(1) / (np.float32(1) + np.exp(-x))
    reference = 1 / (1 + np.exp(-x.astype(np.float64)))
    observed = np.abs(sigmoid32.astype(np.float64) - reference)
    ratio = observed / elementwise_bound(reference, 4, np.float32)
    assert ratio.max() <= 1, ratio.max()


def test_dot_bound_covers_float32_underflow() -> None:
    """1.0e-10 × 1.2e-38 = 1.2e-48 is below float32's smallest subnormal (1.4e-45), so float32
    gives 0: the relative γ term alone (γ·1.2e-48) cannot cover that; the subnormal term does."""
    a = np.array([[1.0137861e-10]], dtype=np.float32)
    b = np.array([[1.1754944e-38]], dtype=np.float32)
    exact = a.astype(np.float64) @ b.astype(np.float64)
    assert (a @ b)[0, 0] == 0 and exact[0, 0] > 1e-48
    assert exact[0, 0] <= dot_bound(a, b, np.float32)[0, 0] <= 2 * 2.0**-149
