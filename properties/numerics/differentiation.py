"""The suite's own numeric differentiation: pure estimators, every estimate with an error bound.
numpy only.

A backward pass claims u = Jᵀg for f: R^m → R^p at x. It is checked through the scalar function
φ(t) = ⟨g, f(x + t·v)⟩, whose derivative is φ'(0) = ⟨u, v⟩: central or one-sided differences
(properties/numerics/finite_differences.py) or the complex step (here) estimate φ'(0) with an error bound;
properties/numerics/vjp.py, the vector–Jacobian check, compares ⟨u, v⟩ with them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from backprop_spec.properties.numerics.finite_differences import (
    EPS64,
    TINY,
    Estimate,
    Forward,
    central_directional,
    one_sided_directional,
    reach_to_kinks,
    subgradient_interval,
)
from backprop_spec.properties.numerics.tolerances import EVAL_ULPS, SAFETY

__all__ = [
    "Estimate",
    "central_directional",
    "complex_step_directional",
    "one_sided_directional",
    "reach_to_kinks",
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
