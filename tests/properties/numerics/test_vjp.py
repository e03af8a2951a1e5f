"""Self-tests of the one checker that decides every numeric verdict (properties/numerics/vjp.py):
`vjp_checks`, exactly as the properties call it, accepts the exact VJP and rejects one wrong by a
relative 1e-7; no stencil straddles a kink; the subgradient check at a kink."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from backprop_spec.properties.inputs.fixed_draws import FixedDraws
from backprop_spec.properties.numerics.differentiation import central_directional, reach_to_kinks
from backprop_spec.properties.numerics.vjp import (
    VERDICT_DIRECTIONS,
    check_vjp,
    kink_reach,
    numeric_subgradient_contains,
    numeric_vjp_matches,
    vjp_checks,
)
from backprop_spec.symbolic.kinks import CLIP_KINKS, RELU_KINKS
from tests.helpers import LINEAR_MAP, softmax, softmax_vjp, vectors

Forward = Callable[[np.ndarray], np.ndarray]


def verdict_passes(f: Forward, x: np.ndarray, g: np.ndarray, u: np.ndarray, seed: int,
                   reference: Forward | None = None) -> bool:
    """What a numeric property decides: central differences of f (alone, as for the properties
    with no SymPy forward: Dense, ReLU, the networks) and, given `reference`, its complex step."""
    return all(check.passed for check in vjp_checks(f, x, g, u, reference=reference, seed=seed))


def assert_sensitive(f: Forward, x: np.ndarray, g: np.ndarray, u: np.ndarray, seed: int) -> None:
    """The verdict accepts u and rejects u × (1 + 1e-7), with the same directions, by central
    differences alone and with the complex step too."""
    for reference in (None, f):
        assert verdict_passes(f, x, g, u, seed, reference), "the exact VJP was rejected"
        assert not verdict_passes(f, x, g, u * (1 + 1e-7), seed, reference), "1e-7 passed"


def in_relative_range(u: np.ndarray, scale: float) -> bool:
    """The sensitivity claim's domain: the VJP is not itself tiny against φ's scale (max|u| ≥
    1e-2 of it, so 1e-7 of u stands clear of the ~1e-11 relative bounds) and lies in the normal
    range, where rounding is relative. Below 2.2e-308 each value rounds to a fixed spacing of
    4.9e-324, and a relative 1e-7 of a VJP of 3.6e-312 is only 72 of those spacings."""
    largest = float(np.abs(u).max())
    return largest > 1e-2 * scale > 0 and largest >= np.finfo(np.float64).tiny


def dense_forward(y: np.ndarray) -> np.ndarray:
    """Dense x·W + b with W = LINEAR_MAP (3×4)."""
    return y @ LINEAR_MAP + 0.5


def sensitivity_case(layer: str, values: np.ndarray,
                     g: np.ndarray) -> tuple[Forward, np.ndarray, np.ndarray, np.ndarray, float]:
    """(f, x, g, exact VJP, φ's scale) from 8 values and 8 weights: softmax with c = 5 (scale
    Σ|g_i s_i|), or Dense dX = G·Wᵀ for x 2×3 (scale Σ|G|·max|W|)."""
    if layer == "softmax":
        z, gz = values[:5], g[:5]
        return softmax, z, gz, softmax_vjp(z, gz), float(np.abs(gz * softmax(z)).sum())
    x, gx = values[:6].reshape(2, 3), g.reshape(2, 4)
    return dense_forward, x, gx, gx @ LINEAR_MAP.T, float(np.abs(gx).sum() * np.abs(LINEAR_MAP).max())


def layer_sensitivity(layer: str, values: np.ndarray, g: np.ndarray, seed: int) -> None:
    """assert_sensitive on the layer's case, within the claim's domain."""
    f, x, weights, u, scale = sensitivity_case(layer, values, g)
    assume(in_relative_range(u, scale))
    assert_sensitive(f, x, weights, u, seed)


@given(layer=st.sampled_from(["softmax", "dense"]), values=vectors(8, 5.0), g=vectors(8, 2.0),
       seed=st.integers(0, 2**32 - 1))
def test_the_verdict_rejects_a_relative_1e7_error(layer: str, values: np.ndarray, g: np.ndarray,
                                                  seed: int) -> None:
    """Softmax (c = 5) and Dense (dX): the exact VJP passes, the VJP × (1 + 1e-7) fails, both
    through the verdict's own checker (the 10 000-example measurement is the slow test below)."""
    layer_sensitivity(layer, values, g, seed)


def worst_ratios(f: Forward, x: np.ndarray, g: np.ndarray, u: np.ndarray,
                 seed: int) -> dict[str, tuple[float, float]]:
    """{method: (largest error ratio of the exact VJP, of the VJP × (1 + 1e-7))} over the
    verdict's checks (central differences, then the complex step): a ratio ≤ 1 passes."""
    exact, wrong = (vjp_checks(f, x, g, claimed, reference=f, seed=seed)
                    for claimed in (u, u * (1 + 1e-7)))
    return {method: (right.worst_ratio, bad.worst_ratio)
            for method, right, bad in zip(("central", "complex"), exact, wrong, strict=True)}


def sensitivity_margins(examples: int, seed: int = 0) -> dict[str, float]:
    """The measurement behind docs/measurements.md's sensitivity figures, on the verdict's own
    check: softmax (c = 5) and Dense dX alternately, inputs uniform in [−5, 5], weights in
    [−2, 2] (NumPy rng `seed`), inside the claim's domain. Per method: false failures, misses,
    the largest fraction of its allowance the exact VJP used and the smallest multiple of it the
    wrong one reached."""
    rng = np.random.default_rng(seed)
    figures: dict[str, float] = {"examples": 0, "outside the claim": 0}
    for method in ("central", "complex"):
        figures |= {f"{method}: false failures": 0, f"{method}: misses": 0,
                    f"{method}: exact, largest ratio": 0.0, f"{method}: wrong, smallest ratio": np.inf}
    while figures["examples"] < examples:
        values, g, direction_seed = rng.uniform(-5, 5, 8), rng.uniform(-2, 2, 8), int(rng.integers(2**32))
        layer = ("softmax", "dense")[int(figures["examples"]) % 2]
        f, point, weights, u, scale = sensitivity_case(layer, values, g)
        if not in_relative_range(u, scale):
            figures["outside the claim"] += 1
            continue
        figures["examples"] += 1
        for method, (exact, wrong) in worst_ratios(f, point, weights, u, direction_seed).items():
            figures[f"{method}: false failures"] += exact > 1
            figures[f"{method}: misses"] += wrong <= 1
            largest, smallest = f"{method}: exact, largest ratio", f"{method}: wrong, smallest ratio"
            figures[largest] = max(figures[largest], exact)
            figures[smallest] = min(figures[smallest], wrong)
    return figures


@pytest.mark.slow
def test_the_verdict_sensitivity_over_10000_examples() -> None:
    """10 000 examples (docs/measurements.md; `python -m tests.properties.numerics.test_vjp` prints
    the figures)."""
    figures = sensitivity_margins(10_000)
    assert all(figures[f"{method}: {kind}"] == 0 for method in ("central", "complex")
               for kind in ("false failures", "misses")), figures


def test_a_subnormal_vjp_is_outside_the_claim_yet_accepted() -> None:
    """The thorough profile drew softmax at z = 0 with a weight of 2.2e-311: the VJP is
    subnormal, and u × (1 + 1e-7) then differs from u by fewer spacings than the check must
    allow, so the sensitivity claim excludes it; the exact VJP is still accepted."""
    z, g = np.zeros(5), np.array([0.0, 0.0, 0.0, 0.0, 2.225073858507e-311])
    u = softmax_vjp(z, g)
    assert not in_relative_range(u, float(np.abs(g * softmax(z)).sum()))
    assert verdict_passes(softmax, z, g, u, seed=0, reference=softmax)


def test_the_verdict_directions_are_deterministic_and_aimed() -> None:
    """The verdict's directions: the basis vector at the largest |u_i|, then a Gaussian, the same
    for the same seed, and the same for the central and the complex-step checks."""
    z, g = np.array([0.1, 2.0, -1.0, 0.5]), np.array([1.0, -2.0, 0.5, 3.0])
    u = softmax_vjp(z, g)
    first, second = (vjp_checks(softmax, z, g, u, reference=softmax, seed=7) for _ in range(2))
    top = int(np.argmax(np.abs(u)))
    assert VERDICT_DIRECTIONS == 2
    for central, complex_ in (first, second):
        assert [d.label for d in central.directions] == [f"basis ({top},)", "gaussian 0"]
        assert [d.estimate.method for d in complex_.directions] == ["complex"] * 2
        for real, imaginary in zip(central.directions, complex_.directions):
            np.testing.assert_allclose(real.estimate.direction, imaginary.estimate.direction,
                                       rtol=0, atol=1e-12)
    assert [d.estimate.value for d in first[0].directions] == [
        d.estimate.value for d in second[0].directions]
    assert all(result.passed and 0 <= result.worst_ratio <= 1 for result in first)


def test_a_failure_names_the_direction_and_the_allowance() -> None:
    """A wrong dinput raises an AssertionError in the report's message shape."""
    z, g = np.array([[0.1, 2.0, -1.0]]), np.array([[1.0, -2.0, 0.5]])
    u = softmax_vjp(z[0], g[0])[None] * 1.01
    with pytest.raises(AssertionError) as failure:
        numeric_vjp_matches(lambda y: softmax(y[0])[None], z, g, u, reference=None,
                            where="Activation_Softmax.backward(n=1, c=3)", data=FixedDraws(3))
    message = str(failure.value)
    assert message.startswith("⟨backward, v⟩=")
    assert "central-difference derivative" in message and "[Activation_Softmax.backward(n=1, c=3)]" in message
    assert re.search(r"direction v: (basis \(0, \d\)|gaussian 0); abs diff .*, allowed ", message)


def relu(y: np.ndarray) -> np.ndarray:
    return np.maximum(y, 0)


def test_reach_to_kinks_is_the_distance_along_v() -> None:
    """Entries 1e-3 and −2e-3 from ReLU's kink, moving at speeds 2 and 0.5, one not moving: the
    reach is min(1e-3/2, 2e-3/0.5); an entry on a kink gives 0; clip intervals count as wholes."""
    x, v = np.array([1e-3, -2e-3, 0.0]), np.array([2.0, -0.5, 0.0])
    assert reach_to_kinks(x, v, RELU_KINKS) == pytest.approx(5e-4)
    assert reach_to_kinks(np.array([0.0]), np.ones(1), RELU_KINKS) == 0
    p = np.array([0.5, 1e-3, 1 - 1e-3])
    assert reach_to_kinks(p, np.array([1.0, 1.0, 0.0]), CLIP_KINKS) == pytest.approx(1e-3 - 1e-7)
    assert reach_to_kinks(p, np.array([0.0, 0.0, 4.0]), CLIP_KINKS) == pytest.approx((1e-3 - 1e-7) / 4)


def test_the_issue_example_no_longer_crosses_relus_kink() -> None:
    """The input of the false failure: its Richardson ladder started at 2⁻⁸ ≈ 3.9e-3 and
    straddled 0 from the entries at ±1e-3. With the reach the ReLU backward passes, and the
    estimate never took a kinked stencil."""
    x = np.array([[1.0, 3.0, 1e-3], [1.0, -1e-3, 1.0]])
    g = np.array([[1.0, 1.19e-7, 1.19e-7], [1.19e-7, 1.19e-7, 1.19e-7]])
    claimed = np.where(x > 0, g, 0.0)
    for seed in range(50):
        (result,) = vjp_checks(relu, x, g, claimed, reference=None, seed=seed,
                               reach=kink_reach(x, RELU_KINKS))
        assert result.passed, result.describe()
        assert {d.estimate.method for d in result.directions} == {"richardson"}


@given(distance=st.floats(1e-9, 1e-2), speed=st.floats(0.1, 10.0), sign=st.sampled_from([1, -1]))
@example(distance=1e-3, speed=1.0, sign=1)
def test_a_stencil_right_at_the_reach_stays_on_its_side(distance: float, speed: float,
                                                        sign: int) -> None:
    """x exactly `reach` away from the kink along v (x = ±distance, v = speed): every point the
    estimator evaluates keeps x's sign, and the estimate is the one-sided slope, not a hull."""
    x, v = np.array([sign * distance]), np.array([speed])
    points: list[float] = []

    def recording_relu(y: np.ndarray) -> np.ndarray:
        points.append(float(y[0]))
        return relu(y)
    limit = reach_to_kinks(x, v, RELU_KINKS)
    assert limit == pytest.approx(distance / speed)
    estimate = central_directional(recording_relu, x, v, np.ones(1), max_step=limit)
    assert all(np.sign(p) == sign for p in points)
    slope = speed if sign > 0 else 0.0
    assert estimate.method == "richardson"
    assert abs(estimate.value - slope) <= estimate.error_bound


def test_on_a_kink_there_is_no_central_difference() -> None:
    """x on the kink (reach 0): refused with a message, never estimated across it."""
    with pytest.raises(ValueError, match="kink"):
        central_directional(relu, np.zeros(1), np.ones(1), np.ones(1), max_step=0.0)


def test_a_float32_vjp_uses_float32_spacings() -> None:
    """check_vjp, the engine of vjp_checks, allows a float32 VJP its float32 subnormal spacing."""
    exp32 = lambda y: np.exp(y.astype(np.float32))  # noqa: E731
    x, g = np.array([0.0, 0.0, 1.0], np.float32), np.array([0.0, 0.0, 1e-45], np.float32)
    result = check_vjp(exp32, x, g.astype(np.float64), g * np.exp(x), directions=2,
                       rng=np.random.default_rng(0))
    assert result.passed, result.describe()


def test_numeric_subgradient_contains_bounds_a_claim_by_the_targets_own_forward() -> None:
    """A ReLU layer at x = (0.5, 0, −2), g = (1, −3, 1): at the kink the interval is [−3, 0], so
    −3, −1.5 and 0 pass and −3.01 or 0.01 fail; |x| there gives [−3, 3], where 1.5 passes."""
    x, g = np.array([0.5, 0.0, -2.0]), np.array([1.0, -3.0, 1.0])
    for value, forward, passes in [(-3.0, relu, True), (-1.5, relu, True), (0.0, relu, True),
                                   (-3.01, relu, False), (0.01, relu, False),
                                   (1.5, np.abs, True), (3.01, np.abs, False)]:
        claimed = np.array([1.0, value, 0.0])
        try:
            numeric_subgradient_contains(forward, x, g, claimed, (1,), "test")
        except AssertionError as err:
            assert not passes, f"{value}: {err}"
            assert "subgradient interval" in str(err)
        else:
            assert passes, f"{value} was accepted"


if __name__ == "__main__":
    for name, value in sensitivity_margins(10_000).items():
        print(f"{name}: {value:.3g}" if isinstance(value, float) else f"{name}: {value}")
