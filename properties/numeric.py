"""The suite's own numeric differentiation, every estimate with an error bound, and the
vector–Jacobian check built on it. numpy only.

A backward pass claims u = Jᵀg for f: R^m → R^p at x. It is checked through the scalar function
φ(t) = ⟨g, f(x + t·v)⟩, whose derivative is φ'(0) = ⟨u, v⟩: central or one-sided differences
(properties/finite_differences.py) or the complex step (here) estimate φ'(0) with an error bound,
and check_vjp compares ⟨u, v⟩ with it over random and basis directions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from properties.finite_differences import (
    EPS64,
    EVAL_ULPS,
    SAFETY,
    TINY,
    Estimate,
    Forward,
    central_directional,
    one_sided_directional,
    subgradient_interval,
    subnormal_spacing,
)
from properties.tolerances import gamma

__all__ = [
    "DirectionCheck",
    "Estimate",
    "VjpCheck",
    "central_directional",
    "check_vjp",
    "complex_step_directional",
    "one_sided_directional",
    "step_error_curve",
    "subgradient_interval",
]


def complex_step_directional(
    f: Forward, x: np.ndarray, v: np.ndarray, g: np.ndarray
) -> Estimate:
    """φ'(0) = Im⟨g, f(x + i·h·v)⟩/h for f analytic and accepting complex128: no subtraction, so
    no cancellation. h = 2^-66·ℓ (≈1.4e-20·ℓ, a power of two so h·v is exact). Error: rounding,
    the larger of the model (EVAL_ULPS·eps + p·eps64)·(M + Φ/ℓ) + underflow, M = Σ|g_i Im f_i|/h
    the terms summed, Φ/ℓ for rounding of the real parts, Σ|g_i|/h + p subnormal spacings as
    Im f_i ~ h·f_i' may underflow; and the spread of the same estimate at 3h and 5h. Plus
    truncation h²|φ'''|/6, φ''' measured from a coarse step H = 2^46·h: (h/H)²·|C(H) − C(h)|."""
    x64 = np.asarray(x, dtype=np.float64)
    v64 = np.asarray(v, dtype=np.float64)
    if v64.shape != x64.shape or not np.any(v64):
        raise ValueError(f"direction: need a nonzero array shaped like x {x64.shape}")
    scale = max(float(np.max(np.abs(x64), initial=0.0)), 1.0) / np.abs(v64).max()
    g64 = np.asarray(g, dtype=np.float64)
    h = float(2.0 ** np.round(np.log2(2.0**-66 * scale)))

    def step(t: float) -> tuple[float, float, np.ndarray]:
        point = x64 + 1j * (t * v64)
        out = np.asarray(f(point))
        if out.dtype.kind != "c":
            raise TypeError(f"f returned {out.dtype} for complex input: it dropped the "
                            "imaginary part, so the complex step does not apply")
        slopes = g64 * (out.imag.astype(np.float64) / t)  # divide first: g·Im f may underflow
        eps = max(float(np.finfo(out.dtype).eps), EPS64)
        rounding_scale = float(np.sum(np.abs(slopes)))
        rounding_scale += float(np.sum(np.abs(g64 * out.real))) / scale
        # Im f_i may be off by a subnormal spacing, and so may each term g_i·Im f_i/h
        underflow = float(np.sum(np.abs(g64))) * TINY / t + g64.size * TINY
        noise = (EVAL_ULPS * eps + g64.size * EPS64) * rounding_scale + underflow
        return float(np.sum(slopes)), noise, point.imag / t

    value, noise, direction = step(h)
    # the same derivative at 3h and 5h rounds differently (3h·v, 5h·v are not power-of-two
    # multiples of h·v): their spread measures rounding the model cannot see, such as
    # cancellation inside f's imaginary parts (a matmul A·v far smaller than |A|·|v|)
    measured = max(abs(step(k * h)[0] - value) for k in (3, 5))
    for big in (h * 2.0**46, h * 2.0**30, h * 2.0**14):
        with np.errstate(all="ignore"):
            coarse = step(big)[0]
        if np.isfinite(coarse):
            truncation = (h / big) ** 2 * abs(coarse - value)
            break
    else:
        raise ValueError("f is not finite within 2^-52·ℓ of x along the imaginary direction")
    return Estimate(value, SAFETY * (max(noise, measured) + truncation), h, "complex", direction)


@dataclass(frozen=True, eq=False)
class DirectionCheck:
    """One direction of a VJP check: the numeric φ'(0) against the claimed ⟨u, w⟩, where w is the
    direction the estimate actually differentiated (v up to input rounding)."""

    label: str  # "basis (i, j)" or "gaussian k"
    estimate: Estimate
    claimed: float
    allowed: float  # estimate.error_bound + rounding of ⟨u, w⟩ + the caller's bound on u's error

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
        verdict = "ok" if self.passed else "FAIL"
        return (f"{self.label}: numeric {self.estimate.value!r} ({self.estimate.method}, step "
                f"{self.estimate.step:.3g}), claimed {self.claimed!r}, |diff| {self.diff:.3g}, "
                f"allowed {self.allowed:.3g} [{verdict}]")


@dataclass(frozen=True)
class VjpCheck:
    """All directions of one VJP check."""

    directions: tuple[DirectionCheck, ...]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.directions)

    @property
    def worst_ratio(self) -> float:
        return max(check.ratio for check in self.directions)

    def describe(self) -> str:
        return "\n".join(check.describe() for check in self.directions)


def _directions(
    claimed_u: np.ndarray, count: int, rng: np.random.Generator
) -> list[tuple[str, np.ndarray]]:
    """count // 2 basis vectors at the largest |u_i| (where a wrong entry weighs most), the rest
    standard Gaussian (every entry at once, so no wrong entry escapes)."""
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


def check_vjp(
    f: Forward,
    x: np.ndarray,
    g: np.ndarray,
    claimed_u: np.ndarray,
    *,
    directions: int,
    rng: np.random.Generator,
    method: Literal["central", "complex"] = "central",
    claimed_error: np.ndarray | float = 0.0,
) -> VjpCheck:
    """Check a claimed u = Jᵀg of f at x along `directions` directions (deterministic given rng).

    method "central" uses Richardson-extrapolated central differences (kinks give their
    subgradient interval); "complex" the complex step. Allowed error per direction w:
    the estimate's bound
    + γ_m·Σ|u_i w_i| + m subnormal spacings of u's dtype (the inner product, in u's precision,
      so each u_i may also be off by its own rounding, relative or, below the normal range,
      absolute: a float32 u rounds to float32's subnormal spacing)
    + Σ claimed_error_i·|w_i| (a caller's bound on u's computed error, e.g.
      tolerances.dot_bound for a float32 Dense backward)."""
    u = np.asarray(claimed_u)
    if u.shape != np.shape(x):
        raise ValueError(f"claimed_u has shape {u.shape} but x has shape {np.shape(x)}")
    estimator: Callable[..., Estimate] = {
        "central": central_directional, "complex": complex_step_directional}[method]
    u64 = u.astype(np.float64)
    u_error = np.broadcast_to(np.abs(np.asarray(claimed_error, dtype=np.float64)), u.shape)
    precision = u.dtype if u.dtype.kind == "f" else np.dtype(np.float64)
    rounding = gamma(max(u.size, 1), precision)
    spacing = subnormal_spacing(precision)
    checks = []
    for label, v in _directions(u64, directions, rng):
        estimate = estimator(f, x, v, g)
        w = estimate.direction
        claimed = float(np.sum(u64 * w))
        allowed = (estimate.error_bound + rounding * float(np.sum(np.abs(u64 * w)))
                   + u.size * spacing + float(np.sum(u_error * np.abs(w))))
        checks.append(DirectionCheck(label, estimate, claimed, allowed))
    return VjpCheck(tuple(checks))


def step_error_curve(
    f: Callable[[complex], complex], df: Callable[[float], float], x: float, steps: list[float]
) -> list[tuple[float, float, float]]:
    """(h, central relative error, complex-step relative error) for each step h, of the scalar
    derivative f'(x) = df(x): the data behind the suite's choice of steps. Central differences
    trade truncation h²|f'''|/6 against rounding eps·|f|/h (best near h ≈ eps^(1/3)); the complex
    step has no subtraction, so its error falls with h until it reaches eps."""
    exact = float(df(x))
    rows = []
    for h in steps:
        central = (f(np.float64(x) + h) - f(np.float64(x) - h)) / (2 * h)
        complex_step = np.imag(f(np.complex128(complex(x, h)))) / h
        rows.append((float(h), abs(float(np.real(central)) - exact) / abs(exact),
                     abs(float(complex_step) - exact) / abs(exact)))
    return rows
