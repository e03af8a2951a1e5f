"""The vector–Jacobian check: the code that decides every numeric verdict, and the code the
self-tests measure. A claimed backward u = Jᵀg must satisfy ⟨u, w⟩ = d/dt ⟨g, f(x + t·w)⟩ for
every direction w. Central differences (Richardson) of the target's own forward reach ~1e-11
relative, the complex step on SymPy's forward ~1e-16, so a gradient wrong by a relative 1e-7 is
caught (docs/measurements.md; measured by tests/properties/numerics/test_vjp.py through `vjp_checks`).

Allowed error per direction w: the estimate's own error bound (properties/numerics/differentiation.py)
+ γ_m·Σ|u_i w_i| + m subnormal spacings of u's dtype (the inner product ⟨u, w⟩ itself)
+ Σ claimed_error_i·|w_i| (the caller's bound on u's computed error, from properties/numerics/tolerances.py:
  the rounding a correct backward may carry, its scale floor and underflow floor included).
No stencil straddles a kink: `reach` gives, for a direction, how far x may move before an entry
meets a kink of the forward (symbolic/kinks.py), and the step stays within half of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.numerics.compare import check_within, fail, passed
from backprop_spec.properties.numerics.differentiation import (
    Estimate,
    central_directional,
    complex_step_directional,
    reach_to_kinks,
    subgradient_interval,
)
from backprop_spec.properties.numerics.finite_differences import subnormal_spacing
from backprop_spec.properties.numerics.tolerances import gamma

Forward = Callable[[np.ndarray], np.ndarray]
Reach = Callable[[np.ndarray], float]
VERDICT_DIRECTIONS = 2  # the properties check the basis vector at the largest |u_i| and a Gaussian


@dataclass(frozen=True, eq=False)
class DirectionCheck:
    """One direction of a VJP check: the numeric φ'(0) against the claimed ⟨u, w⟩, where w is the
    direction the estimate actually differentiated (v up to input rounding)."""

    label: str  # "basis (i, j)" or "gaussian k"
    estimate: Estimate
    claimed: float
    allowed: float  # estimate.error_bound + rounding of ⟨u, w⟩ + the caller's bound on u's error
    largest_term: tuple[int, ...]  # index of the largest |u_i w_i|, where a wrong entry weighs most

    @property
    def diff(self) -> float:
        return abs(self.estimate.value - self.claimed)

    @property
    def ratio(self) -> float:
        """|diff|/allowed: ≤ 1 passes; NaN counts as a failure (reported as inf)."""
        if not np.isfinite(self.diff):
            return float("inf")
        return self.diff / self.allowed if self.allowed > 0 else float(self.diff > 0) * np.inf

    @property
    def passed(self) -> bool:
        return self.ratio <= 1

    def describe(self) -> str:
        verdict_word = "ok" if self.passed else "FAIL"
        return (f"{self.label}: numeric {self.estimate.value!r} ({self.estimate.method}, step "
                f"{self.estimate.step:.3g}), claimed {self.claimed!r}, |diff| {self.diff:.3g}, "
                f"allowed {self.allowed:.3g} [{verdict_word}]")


@dataclass(frozen=True)
class VjpCheck:
    """All directions of one VJP check."""

    directions: tuple[DirectionCheck, ...]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.directions)

    @property
    def worst(self) -> DirectionCheck:
        return max(self.directions, key=lambda check: check.ratio)

    @property
    def worst_ratio(self) -> float:
        return self.worst.ratio

    def describe(self) -> str:
        return "\n".join(check.describe() for check in self.directions)


def _directions(claimed_u: np.ndarray, count: int,
                rng: np.random.Generator) -> list[tuple[str, np.ndarray]]:
    """count // 2 basis vectors at the largest |u_i| (where a wrong entry weighs most; checked on
    their own, so they cannot hide behind the others' rounding), the rest standard Gaussian (every
    entry at once: a wrong entry cancels only on a measure-zero set of directions)."""
    magnitudes = np.abs(claimed_u).ravel()
    n_basis = min(count // 2, magnitudes.size)
    chosen: list[tuple[str, np.ndarray]] = []
    for flat_index in np.argsort(-magnitudes, kind="stable")[:n_basis]:
        v = np.zeros(claimed_u.shape)
        v.flat[flat_index] = 1.0
        index = tuple(int(i) for i in np.unravel_index(flat_index, claimed_u.shape))
        chosen.append((f"basis {index}", v))
    for k in range(count - n_basis):
        chosen.append((f"gaussian {k}", rng.standard_normal(claimed_u.shape)))
    return chosen


def check_vjp(f: Forward, x: np.ndarray, g: np.ndarray, claimed_u: np.ndarray, *,
              directions: int, rng: np.random.Generator,
              method: Literal["central", "complex"] = "central",
              claimed_error: np.ndarray | float = 0.0, reach: Reach | None = None,
              noise_floor: float = 0.0) -> VjpCheck:
    """Check a claimed u = Jᵀg of f at x along `directions` directions (deterministic given rng),
    by Richardson central differences ("central"; `reach` and `noise_floor` as for
    numeric.central_directional) or the complex step ("complex", which moves x only along the
    imaginary axis, so kinks of the real forward do not apply). Allowances: module docstring."""
    u = np.asarray(claimed_u)
    if u.shape != np.shape(x):
        raise ValueError(f"claimed_u has shape {u.shape} but x has shape {np.shape(x)}")
    u64 = u.astype(np.float64)
    u_error = np.broadcast_to(np.abs(np.asarray(claimed_error, dtype=np.float64)), u.shape)
    precision = u.dtype if u.dtype.kind == "f" else np.dtype(np.float64)
    rounding = gamma(max(u.size, 1), precision)
    spacing = subnormal_spacing(precision)
    checks = []
    for label, v in _directions(u64, directions, rng):
        if method == "complex":
            estimate = complex_step_directional(f, x, v, g)
        else:
            limit = np.inf if reach is None else reach(v)
            estimate = central_directional(f, x, v, g, max_step=limit, noise_floor=noise_floor)
        w = estimate.direction
        terms = np.abs(u64 * w)
        allowed = (estimate.error_bound + rounding * float(np.sum(terms)) + u.size * spacing
                   + float(np.sum(u_error * np.abs(w))))
        largest = tuple(int(i) for i in np.unravel_index(np.argmax(terms), u.shape))
        checks.append(DirectionCheck(label, estimate, float(np.sum(u64 * w)), allowed, largest))
    return VjpCheck(tuple(checks))


def kink_reach(x: np.ndarray, kinks: tuple[tuple[float, float], ...]) -> Reach:
    """`reach` for a forward whose kinks are these intervals of each entry (symbolic/kinks.py)."""
    return lambda v: reach_to_kinks(x, v, kinks)


def vjp_checks(forward: Forward, x: np.ndarray, g: np.ndarray, claimed: np.ndarray, *,
               reference: Forward | None, seed: int, claimed_atol: np.ndarray | float = 0.0,
               forward_noise: float = 0.0, reach: Reach | None = None) -> list[VjpCheck]:
    """What every numeric property decides by: check_vjp of the target's own `forward` (central,
    float64) and, when SymPy's `reference` forward is given, of that (complex step), along the
    same VERDICT_DIRECTIONS directions drawn from `seed`."""
    x64, claimed = np.asarray(x, dtype=np.float64), np.asarray(claimed)
    results = [check_vjp(forward, x64, g, claimed, directions=VERDICT_DIRECTIONS,
                         rng=np.random.default_rng(seed), claimed_error=claimed_atol,
                         reach=reach, noise_floor=forward_noise)]
    if reference is not None:
        results.append(check_vjp(reference, x64, g, claimed, directions=VERDICT_DIRECTIONS,
                                 rng=np.random.default_rng(seed), method="complex",
                                 claimed_error=claimed_atol))
    return results


def _failure(result: VjpCheck, where: str) -> str:
    check = result.worst
    source = "complex-step" if check.estimate.method == "complex" else "central-difference"
    scale = max(abs(check.estimate.value), 1e-300)
    return (f"⟨backward, v⟩={check.claimed!r}, but the {source} derivative is "
            f"{check.estimate.value!r} [{where}]\n"
            f"  direction v: {check.label}; abs diff {check.diff:.3g}, rel diff "
            f"{check.diff / scale:.3g}, allowed {check.allowed:.3g}\n"
            f"  tolerance: the {check.estimate.method} estimate's error bound "
            f"{check.estimate.error_bound:.3g} (step {check.estimate.step:.3g}) plus the claimed "
            f"gradient's own rounding\n"
            f"  largest term of ⟨backward, v⟩ at index {check.largest_term}")


def numeric_vjp_matches(forward: Forward, x: np.ndarray, g: np.ndarray, claimed: np.ndarray, *,
                        reference: Forward | None, where: str, data: st.DataObject,
                        claimed_atol: np.ndarray | float = 0.0, forward_noise: float = 0.0,
                        reach: Reach | None = None) -> None:
    """Assert `vjp_checks` passes (the directions' seed drawn from `data`), recording the worst
    ratio for the verdict report. `forward_noise` is an absolute rounding bound of ⟨g, forward(x)⟩
    for forwards less accurate than 8 ulps of their value (−log S at S ≈ 1)."""
    seed = data.draw(st.integers(0, 2**32 - 1), label="direction seed")
    if np.shape(claimed) != np.shape(x):
        fail(f"the gradient has shape {np.shape(claimed)}, but should have the shape of its "
             f"argument {np.shape(x)} [{where}]", "the gradient", claimed, None, repr(np.shape(x)))
    for result in vjp_checks(forward, x, g, claimed, reference=reference, seed=seed,
                             claimed_atol=claimed_atol, forward_noise=forward_noise, reach=reach):
        if not result.passed:
            worst = result.worst
            fail(_failure(result, where), "⟨backward, v⟩", claimed, (), repr(worst.estimate.value),
                 direction=worst.estimate.direction, got_repr=repr(worst.claimed),
                 ratio=result.worst_ratio)
        passed(result.worst_ratio)


def numeric_subgradient_contains(forward: Forward, x: np.ndarray, g: np.ndarray,
                                 claimed: np.ndarray, index: tuple[int, ...], where: str) -> None:
    """At a kink of the target's own forward, the claimed ∂⟨g, f⟩/∂x[index] lies between the
    one-sided derivatives along that basis direction (the subgradient interval, measured by
    second-order one-sided differences), widened by their error bound."""
    v = np.zeros(np.shape(x))
    v[index] = 1.0
    low, high, bound = subgradient_interval(forward, x, v, g)
    value = float(np.asarray(claimed, dtype=np.float64)[index])
    check_within("dinput", [value], low - bound, high + bound, got=claimed, at=[index],
                 expected=f"within [{low!r}, {high!r}]",
                 message=f"dinput={value!r} at index {index}, but should lie in the subgradient "
                         f"interval [{low!r}, {high!r}] of the target's own forward [{where}]\n"
                         f"  tolerance: the one-sided differences' error bound {bound:.3g}")
