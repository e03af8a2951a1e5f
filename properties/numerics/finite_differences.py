"""Real-step finite differences with error bounds: central (Richardson or plain), one-sided, and
subgradient intervals at kinks. properties/numerics/differentiation.py is the public face of these.

A backward pass claims u = Jᵀg for f: R^m → R^p at x. We check it through the scalar function
φ(t) = ⟨g, f(x + t·v)⟩, whose derivative φ'(0) = ⟨u, v⟩. Every estimator returns an `Estimate`
whose `error_bound` is SAFETY times a first-order error model (truncation plus rounding), so that
|φ'(0) − value| ≤ error_bound in practice. Rounding per φ value is the larger of a model, from
the magnitude of the terms summed in φ, Φ = Σ|g_i f_i| (not |φ|, which may cancel), and the eps
of f's output dtype, and a measurement of φ's noise near 0 (for cancellation inside f).

Steps are powers of two scaled by ℓ = max(‖x‖∞, 1)/‖v‖∞. The points x + t·v are rounded to x's
dtype; `Estimate.direction` is the direction actually differentiated, computed exactly from the
evaluated points, so input rounding never enters the error (it equals v up to ~eps·|x|/t).
Pass x in f's working dtype (float32 for a float32 forward) so that f sees exactly those points.

The kink rule: no stencil may straddle a kink of f. The step the ladder picks depends on the input
(≈ eps^(1/5)·ℓ), so no fixed margin can guarantee it; the caller passes `max_step`, the reach
along v before any entry meets a kink (`reach_to_kinks`), and every point evaluated stays within
half of it. A kink the caller does not know of (a target's own clip) is still detected by the
ladder's second differences and answered by the hull of the one-sided derivatives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backprop_spec.properties.numerics.tolerances import (  # the bounds' factors, with their reasons
    EVAL_ULPS,
    SAFETY,
)

Forward = Callable[[np.ndarray], np.ndarray]

ASYMPTOTIC = 1e-8  # the ladder is trusted once |R(h) − R(h/2)| (O(h⁴)) is below 1e-8 of the
# derivative's scale |R| + Φ/ℓ, or below its own rounding 9ε/h; until then the step shrinks
MAX_SHRINKS = 8  # the step shrinks by 16 at most 8 times (a factor 4e9) to leave a bad region
SHRINK = 1.0 / 16.0
EPS64 = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).smallest_subnormal)


def subnormal_spacing(dtype: np.dtype) -> float:
    """The absolute rounding step of `dtype` below its normal range (never below float64's): a
    float32 value that underflows rounds to 1.4e-45, not 4.9e-324."""
    return max(float(np.finfo(dtype).smallest_subnormal), TINY)


def reach_to_kinks(x: np.ndarray, v: np.ndarray,
                   kinks: tuple[tuple[float, float], ...]) -> float:
    """The largest |t| for which every entry of x + t·v stays on its side of every kink interval
    [lo, hi] (a point kink has lo = hi): min over entries moving (v_i ≠ 0) of the distance from
    x_i to the nearest interval over |v_i|. 0 when an entry lies in an interval."""
    x64, speed = np.asarray(x, dtype=np.float64).ravel(), np.abs(np.asarray(v, np.float64)).ravel()
    moving = speed > 0
    distance = np.full(x64.shape, np.inf)
    for lo, hi in kinks:
        gap = np.maximum(np.maximum(lo - x64, x64 - hi), 0.0)
        distance = np.minimum(distance, gap)
    return float(np.min(distance[moving] / speed[moving], initial=np.inf))


@dataclass(frozen=True, eq=False)
class Estimate:
    """φ'(0) ≈ value, with |φ'(0) − value| ≤ error_bound; step is the (largest) step in t."""

    value: float
    error_bound: float
    step: float
    method: str
    direction: np.ndarray  # the direction actually differentiated, in float64, shaped like x


class _Phi:
    """φ(t) = ⟨g, f(x + t·v)⟩ evaluated in float64, remembering the displacements actually taken
    and the rounding scale Φ = Σ|g_i f_i| at each point, for the noise model."""

    def __init__(self, f: Forward, x: np.ndarray, v: np.ndarray, g: np.ndarray,
                 noise_floor: float = 0.0) -> None:
        self.f, self.g = f, np.asarray(g, dtype=np.float64)
        self.noise_floor = noise_floor  # the caller's bound on φ's rounding beyond the model
        self.x = np.asarray(x) if np.asarray(x).dtype.kind == "f" else np.asarray(x, np.float64)
        self.x64 = self.x.astype(np.float64)
        self.v = np.asarray(v, dtype=np.float64)
        if self.v.shape != self.x.shape or not np.any(self.v):
            raise ValueError(f"direction: need a nonzero array shaped like x {self.x.shape}")
        self.scale = max(float(np.max(np.abs(self.x64), initial=0.0)), 1.0) / np.abs(self.v).max()
        out = np.asarray(f(self.x))
        if out.dtype.kind != "f":
            raise TypeError(f"f must return a real floating array; got {out.dtype}")
        self.eps = max(float(np.finfo(out.dtype).eps), EPS64)
        # f_i may underflow in its own dtype: flushed to 0 or rounded to a subnormal, it is off by
        # up to the smallest normal number (the underflow floor, properties/numerics/tolerances.py)
        self.tiny = float(np.finfo(out.dtype).tiny)
        self.magnitudes: dict[float, float] = {}  # Σ|g_i f_i| at each t evaluated
        self.displacements: dict[float, np.ndarray] = {}
        self.values: dict[float, float] = {0.0: self._combine(0.0, out)}
        self.at_zero = self.values[0.0]

    def _combine(self, t: float, out: np.ndarray) -> float:
        terms = self.g * np.asarray(out, dtype=np.float64)
        self.magnitudes[t] = float(np.sum(np.abs(terms)))
        return float(np.sum(terms))

    def __call__(self, t: float) -> float:
        """φ(t), or NaN when f is undefined there (non-finite, or f refuses the point)."""
        if t not in self.values:
            self.values[t] = self._evaluate(t)
        return self.values[t]

    def _evaluate(self, t: float) -> float:
        point = (self.x64 + t * self.v).astype(self.x.dtype)
        self.displacements[t] = point.astype(np.float64) - self.x64  # exact: Sterbenz
        try:
            with np.errstate(all="ignore"):
                out = np.asarray(self.f(point))
        except (ValueError, ArithmeticError):
            return float("nan")
        return self._combine(t, out) if np.all(np.isfinite(out)) else float("nan")

    def magnitude(self, reach: float) -> float:
        """The largest rounding scale Φ over the points evaluated with |t| ≤ reach."""
        return max(m for t, m in self.magnitudes.items() if abs(t) <= reach)

    def noise(self, reach: float, side: int = 1) -> float:
        """Bound on the rounding error of one φ value with |t| ≤ reach: the larger of the model
        (f's own error, the float64 sum, a subnormal spacing for each f_i and g_i·f_i) and the
        noise measured near 0 on that side, which catches cancellation inside f (a matmul
        output far smaller than its terms) that the model, scaled by |f_i|, cannot see."""
        relative = (EVAL_ULPS * self.eps + self.g.size * EPS64) * self.magnitude(reach)
        model = (relative + self.g.size * TINY + float(np.abs(self.g).sum()) * self.tiny
                 + self.noise_floor)
        return max(model, self.measured_noise(reach, side))

    def measured_noise(self, reach: float, side: int) -> float:
        """4σ̂, σ̂ the noise level from the fourth differences of φ at 7 points δ = 2^-14·reach
        apart (the ECnoise idea of Moré and Wild, 2011): for white noise of deviation σ each
        difference has variance C(8, 4)·σ² = 70σ², while a smooth φ adds only δ⁴·φ⁽⁴⁾.
        Zero where φ is undefined at those points (the model then stands alone)."""
        delta = side * reach * 2.0**-14
        values = np.array([self(k * delta) for k in range(7)])
        if not np.isfinite(values).all():
            return 0.0
        return 4 * float(np.sqrt(np.mean(np.diff(values, 4) ** 2) / 70))

    def start_step(self, power: float, max_step: float = np.inf) -> float:
        """The power-of-two step nearest eps^power · ℓ (power 1/3 central, 1/5 Richardson), and at
        most half of `max_step` (the kink rule: every point evaluated lies within it)."""
        step = float(2.0 ** np.round(np.log2(self.eps**power * self.scale)))
        if max_step < np.inf:
            if not max_step > 0:
                raise ValueError("x lies on a kink of f (max_step 0): no central difference applies")
            step = min(step, float(2.0 ** np.floor(np.log2(max_step / 2))))
        return step


def _one_sided(phi: _Phi, side: int, s: float) -> tuple[float, float, np.ndarray] | None:
    """Second-order one-sided stencil (−3φ(0) + 4φ(±s) − φ(±2s))/(±2s) and its error bound from
    the same stencil at 2s (the O(s²) error shrinks 4× per halving, so error ≈ |F(s) − F(2s)|/3).
    Rounding: 8 noise units over 2s for F(s). Returns None when f is undefined at a point."""
    p1, p2, p4 = (phi(side * k * s) for k in (1, 2, 4))
    if not np.isfinite([p1, p2, p4]).all():
        return None
    near = side * (-3 * phi.at_zero + 4 * p1 - p2) / (2 * s)
    far = side * (-3 * phi.at_zero + 4 * p2 - p4) / (4 * s)
    bound = SAFETY * (abs(near - far) / 3 + 4 * phi.noise(4 * s, side) / s)
    d1, d2 = phi.displacements[side * s], phi.displacements[side * 2 * s]
    return near, bound, side * (4 * d1 - d2) / (2 * s)


def one_sided_directional(
    f: Forward, x: np.ndarray, v: np.ndarray, g: np.ndarray, side: int = +1
) -> Estimate:
    """The one-sided derivative of φ at 0 from the right (side=+1) or left (side=−1), for kinks:
    the second-order stencil at step s ≈ eps^(1/3)·ℓ (truncation ~s²|φ'''|/3 against rounding
    ~4ε/s), halved 16× while f is undefined on that side."""
    if side not in (1, -1):
        raise ValueError(f"side must be +1 or -1; got {side}")
    phi = _Phi(f, x, v, g)
    s = phi.start_step(1 / 3)
    for _ in range(MAX_SHRINKS + 1):
        result = _one_sided(phi, side, s)
        if result is not None:
            value, bound, direction = result
            return Estimate(value, bound, s, "forward" if side > 0 else "backward", direction)
        s *= SHRINK
    raise ValueError("f is not finite on that side of x at any step tried")


def subgradient_interval(
    f: Forward, x: np.ndarray, v: np.ndarray, g: np.ndarray
) -> tuple[float, float, float]:
    """(lo, hi, error_bound): lo, hi are the smaller and larger one-sided derivatives of φ at 0,
    so an analytic value d is a subgradient iff lo − error_bound ≤ d ≤ hi + error_bound. The
    interval is for the perturbed directions, which equal v exactly when x + t·v is exact (a
    basis direction at a kink at 0, the usual case)."""
    right, left = (one_sided_directional(f, x, v, g, side) for side in (1, -1))
    lo, hi = sorted((right.value, left.value))
    return lo, hi, max(right.error_bound, left.error_bound)


def _ladder(phi: _Phi, h: float) -> dict[str, float] | None:
    """Central differences D at h, h/2, h/4; their Richardson values R1 = R(h), R2 = R(h/2) with
    R(h) = (4D(h/2) − D(h))/3; and second differences S for the kink test. None if undefined."""
    steps = (h, h / 2, h / 4)
    plus, minus = [phi(t) for t in steps], [phi(-t) for t in steps]
    if not np.isfinite(plus + minus).all():
        return None
    d = [(p - m) / (2 * t) for p, m, t in zip(plus, minus, steps, strict=True)]
    s = [(p - 2 * phi.at_zero + m) / t**2 for p, m, t in zip(plus, minus, steps, strict=True)]
    return {"D1": d[0], "D2": d[1], "D3": d[2], "R1": (4 * d[1] - d[0]) / 3,
            "R2": (4 * d[2] - d[1]) / 3, "S1": s[0], "S2": s[1], "S3": s[2]}


def _kinked(lad: dict[str, float], noise: float, h: float) -> bool:
    """Second differences converge (|S3 − S2| ≈ |S2 − S1|/4) for smooth φ but grow like 1/h at a
    kink inside the stencil. Their rounding: 4ε/t² each, at most 100ε/h² on the two gaps."""
    return abs(lad["S3"] - lad["S2"]) > abs(lad["S2"] - lad["S1"]) + 100 * noise / h**2


def _kink_estimate(phi: _Phi, h: float) -> Estimate:
    """A kink within [−h, h]: the side without it gives the derivative (or both sides bound the
    subgradients), so report the hull of both one-sided values ± their bounds (steps h/4…h)."""
    right, left = (_one_sided(phi, side, h / 4) for side in (1, -1))
    assert right is not None and left is not None  # their points are the ladder's, all finite
    lo = min(right[0] - right[1], left[0] - left[1])
    hi = max(right[0] + right[1], left[0] + left[1])
    direction = (right[2] + left[2]) / 2
    return Estimate((lo + hi) / 2, (hi - lo) / 2, h, "central:kink", direction)


def _central_at(phi: _Phi, t: float) -> tuple[float, np.ndarray]:
    """(φ(t) − φ(−t))/(2t) and the direction it differentiates."""
    value = (phi(t) - phi(-t)) / (2 * t)
    return value, (phi.displacements[t] - phi.displacements[-t]) / (2 * t)


def central_directional(
    f: Forward, x: np.ndarray, v: np.ndarray, g: np.ndarray, *, richardson: bool = True,
    max_step: float = np.inf, noise_floor: float = 0.0,
) -> Estimate:
    """φ'(0) by central differences on the ladder h, h/2, h/4 (h ≈ eps^(1/5)·ℓ, shrunk 16× while
    f is undefined there, the ladder is not yet asymptotic, or a kink lies inside it).

    richardson=True: value R(h/2), error ≈ |R(h) − R(h/2)|/15 (O(h⁴), 16× per halving) plus
    rounding 6ε/h. richardson=False: plain central difference at the step minimising the model
    h²|φ'''|/6 + ε/h, i.e. h* = (3ε/|φ'''|)^(1/3), with φ''' ≈ 32(D(h/2) − D(h/4))/h² from the
    ladder. A kink still inside the smallest stencil gives "central:kink" (see _kink_estimate).
    `max_step`: the reach along v to the nearest kink the caller knows (module docstring);
    `noise_floor`: an absolute bound on φ's rounding that the model cannot see (an
    ill-conditioned forward such as −log S at S ≈ 1).
    """
    phi = _Phi(f, x, v, g, noise_floor)
    lad, h, kinked = None, 0.0, False
    first = phi.start_step(1 / 5, max_step)
    for attempt in range(MAX_SHRINKS + 1):
        trial_h = first * SHRINK**attempt
        trial = _ladder(phi, trial_h)
        if trial is None:
            continue
        lad, h = trial, trial_h
        kinked = _kinked(lad, phi.noise(h), h)
        scale = abs(lad["R2"]) + phi.magnitude(h) / phi.scale
        allowed = ASYMPTOTIC * scale + 9 * phi.noise(h) / h
        if not kinked and abs(lad["R1"] - lad["R2"]) <= allowed:
            break
    if lad is None:
        raise ValueError("f is not finite near x at any step tried")
    if kinked:
        return _kink_estimate(phi, h)
    if richardson:
        w2, w3 = (_central_at(phi, t)[1] for t in (h / 2, h / 4))
        bound = SAFETY * (abs(lad["R1"] - lad["R2"]) / 15 + 6 * phi.noise(h) / h)
        return Estimate(lad["R2"], bound, h, "richardson", (4 * w3 - w2) / 3)
    third = 32 * abs(lad["D2"] - lad["D3"]) / h**2
    optimal = (3 * phi.noise(h) / third) ** (1 / 3) if third > 0 else h
    step = min(h / 4, float(2.0 ** np.floor(np.log2(optimal))) if optimal > 0 else h / 4)
    value, direction = _central_at(phi, step)
    bound = SAFETY * (step**2 * third / 6 + phi.noise(h) / step)
    return Estimate(value, bound, step, "central", direction)
