"""Tolerances from first-order rounding-error analysis, never folklore.

With unit roundoff u = eps/2 (round to nearest) and γ_k = k·u/(1 − k·u), a computation of k
correctly rounded operations without cancellation is off by at most γ_k relative (Higham,
*Accuracy and Stability of Numerical Algorithms*, 2nd ed., Lemma 3.1), an inner product of length
k by γ_k·Σ|x_i y_i| (§3.1), and a matrix product C = AB with inner dimension k by γ_k·(|A||B|)
entrywise (§3.5). Those bounds hold for any order of summation, so blocked BLAS, pairwise sums
and fused multiply-adds are all covered.

A check compares two computations that each round: the implementation under test (`dtype`) and a
reference (`reference_dtype`, float64 by default; None for an exact reference). Every helper
returns the sum of both sides' bounds, on the same exact inputs.

One principle for every tolerance: **judge a value at the scale it lives on.** Where the true value
is in the normal range of its natural scale (a probability's scale is 1, a backward's is |dvalue|
times the factors it passes through), the bounds above are relative, and a relative 1e-7 error in
float64 is caught. Below that, `scale_floor` allows a few units of roundoff *of the scale*: an
error of 4·eps·scale in σ(−720) ≈ 1e-313 or in a softmax output of 1e-300 vanishes the moment the
value meets anything of its own scale (a sum, the next layer's matmul), so no consumer can tell it
from the truth, and flagging it would make learners "fix" IEEE underflow (the textbook
1/(1 + e^{−x}) returns exactly 0 there). And in every case `underflow_floor`: a term that
underflowed is off by up to tiny = the smallest normal number, times whatever multiplies it
afterwards, and a result in the subnormal range rounds to its spacing.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, DTypeLike

from backprop_spec.spec.accuracy import (  # the principle's numbers, stated in SPEC.md
    SCALE_ULPS,
    UNDERFLOW_OPS,
)

# Two results of a correct target, each within its own bound atol of the truth (the same code on
# another layout, batch, label encoding or object), differ by at most 2·atol: the triangle inequality.
BETWEEN_TWO = 2.0
# backward(a·g1 + g2) against a·backward(g1) + backward(g2): each side within |a|·atol(g1) + atol(g2)
# of the truth, and a·g1 + g2 rounds by u of its terms, which the backward scales into less than
# one more such bound — three in all.
LINEAR_COMBINATION = 3.0
# The first-order models of sigmoid and softmax (their modules' docstrings) drop the products of
# roundings; their tolerances carry twice the model.
DOUBLED = 2.0
# σ = 1/(1 + e^{−x}) to ≤ 8u relative (NumPy's e^x to ≤ 2.5 ulp in its SIMD loops, then an add and
# a divide); its backward g·σ(1 − σ) from such a σ to ≤ 24u·|g|·σ absolute (1 − σ loses relative
# accuracy as σ → 1, not absolute); σ(−x) against 1 − σ(x): two σ to 8u each (σ ≤ 1) and the
# subtraction's u, 17u, held to 20u.
SIGMOID_ULPS = 8.0
SIGMOID_BACKWARD_ULPS = 24.0
SIGMOID_SYMMETRY_ULPS = 20.0
# The numeric estimators' error bounds (properties/numerics/finite_differences.py, numeric.py) are SAFETY
# times their first-order error model: the models drop the higher-order terms of truncation and
# rounding, which a factor 4 covers at the steps the ladders choose.
SAFETY = 4.0
# The accuracy the estimators assume of a forward f: each f_i within EVAL_ULPS ulps of |f_i| (a few
# correctly rounded operations, or NumPy's exp/log at < 2.5 ulp, each); a forward less accurate
# than that passes its own bound as a noise floor.
EVAL_ULPS = 8.0


def _finfo(dtype: DTypeLike) -> np.finfo:
    """finfo of a floating (or complex) dtype; integer dtypes compute in float64 here."""
    return np.finfo(dtype if np.dtype(dtype).kind in "fc" else np.float64)


def unit_roundoff(dtype: DTypeLike) -> float:
    """u = eps/2 of the dtype."""
    return float(_finfo(dtype).eps) / 2


def unit(dtype: DTypeLike, reference_dtype: DTypeLike | None = np.float64) -> float:
    """u of the dtype under test plus u of the reference (none if exact): the rounding of one
    correctly rounded operation on each side."""
    return unit_roundoff(dtype) + (0.0 if reference_dtype is None else unit_roundoff(reference_dtype))


def scale_floor(scale: ArrayLike, dtype: DTypeLike,
                reference_dtype: DTypeLike | None = np.float64) -> np.ndarray:
    """SCALE_ULPS·(u + u_ref)·|scale|: the absolute allowance for a value whose natural scale is
    `scale` (1 for a probability, |dvalue|·… for a backward), whatever the value's own size. Below
    it the value is invisible at its scale (module docstring), so this is never a bug."""
    return SCALE_ULPS * unit(dtype, reference_dtype) * np.abs(np.asarray(scale, dtype=np.float64))


def underflow_floor(factors: ArrayLike, dtype: DTypeLike,
                    reference_dtype: DTypeLike | None = np.float64,
                    ops: int = UNDERFLOW_OPS) -> np.ndarray:
    """ops·(tiny + tiny_ref)·|factors| + ops·(spacing + spacing_ref): each of `ops` terms that
    underflowed (tiny = the smallest normal number; a flushed or subnormal intermediate is off by
    up to tiny) then multiplied by `factors` (the magnitude of what multiplies it afterwards, ≥ the
    value's other factors), and each result that lands in the subnormal range (rounded to its
    spacing, half the smallest subnormal at most). float32 uses its own tiny 1.2e-38."""
    tiny = float(_finfo(dtype).tiny) + (0.0 if reference_dtype is None else
                                         float(_finfo(reference_dtype).tiny))
    factor = np.abs(np.asarray(factors, dtype=np.float64))
    return ops * tiny * factor + _underflow(ops, dtype, reference_dtype)


def value_floors(scale: ArrayLike, dtype: DTypeLike) -> np.ndarray:
    """scale_floor + underflow_floor of a value whose scale is also the magnitude of what
    multiplies an underflowed term in it (σ, softmax and their backwards)."""
    return scale_floor(scale, dtype) + underflow_floor(scale, dtype)


def softmax_growth(z: ArrayLike) -> np.ndarray:
    """2|z_k − max z| + 2c + 8 per entry of the logits z (n, c): each softmax output S_k carries a
    relative error ≤ u times this (the rounding of z − max, amplified by e^x, then the sum and the
    division; softmax.py's docstring). Beyond a gap of 800, S underflows to exactly 0 in float32
    and float64 and only the absolute floors are left, so the gap is capped there (which keeps
    2·gap finite for logits near the dtype's max)."""
    z64 = np.asarray(z, dtype=np.float64)
    gap = np.minimum(np.abs(z64 - z64.max(axis=1, keepdims=True)), 800.0)
    return 2 * gap + 2 * z64.shape[1] + 8


def gamma(k: int, dtype: DTypeLike) -> float:
    """Higham's γ_k = k·u/(1 − k·u), valid while k·u < 1."""
    ku = k * unit_roundoff(dtype)
    if ku >= 1:
        raise ValueError(f"γ_{k} is undefined for {np.dtype(dtype)}: k·u = {ku} ≥ 1")
    return ku / (1 - ku)


def _both(k: int, dtype: DTypeLike, reference_dtype: DTypeLike | None) -> float:
    """γ_k of the computation under test plus γ_k of the reference (none if exact)."""
    return gamma(k, dtype) + (0.0 if reference_dtype is None else gamma(k, reference_dtype))


def _underflow(count: int, dtype: DTypeLike, reference_dtype: DTypeLike | None) -> float:
    """The γ bounds assume no underflow. With gradual underflow a product or quotient landing
    below the normal range is off by up to half the smallest subnormal in absolute terms, while
    sums are then exact (Higham, ch. 2, on gradual underflow); `count` such operations add one
    subnormal spacing each, on each side (float32 1e-24 × 1e-24 is 0, not 1e-48)."""
    spacing = float(_finfo(dtype).smallest_subnormal)
    if reference_dtype is not None:
        spacing += float(_finfo(reference_dtype).smallest_subnormal)
    return count * spacing


def _upward(k: int) -> float:
    """The magnitudes |A||B| or Σ|x_i| are themselves summed in float64 and may come out low by
    γ_k relative; scaling them by 1 + 2γ_k makes the computed bound an upper bound."""
    return 1 + 2 * gamma(max(k, 1), np.float64)


def dot_bound(
    a: ArrayLike, b: ArrayLike, dtype: DTypeLike, reference_dtype: DTypeLike | None = np.float64
) -> np.ndarray:
    """Entrywise bound on |fl(A @ B) − fl_ref(A @ B)|: (γ_k + γ_k^ref)·(|A| @ |B|), k the inner
    dimension (Higham §3.5, |C − Ĉ| ≤ γ_k|A||B|), plus k subnormal spacings for underflowing
    products. For Dense: dX = G·Wᵀ is dot_bound(G, W.T, …) and dW = Xᵀ·G is
    dot_bound(X.T, G, …)."""
    abs_a = np.abs(np.asarray(a, dtype=np.float64))
    abs_b = np.abs(np.asarray(b, dtype=np.float64))
    k = abs_a.shape[-1]
    magnitude = abs_a @ abs_b
    return (_both(k, dtype, reference_dtype) * magnitude * _upward(k)
            + _underflow(k, dtype, reference_dtype))


def sum_bound(
    values: ArrayLike,
    axis: int | None,
    dtype: DTypeLike,
    reference_dtype: DTypeLike | None = np.float64,
) -> np.ndarray:
    """Bound on the error of a sum of n terms along axis: (γ_{n−1} + γ_{n−1}^ref)·Σ|x_i|, the
    recursive-summation bound that also holds for any summation order (Higham §4.2, from the
    inner-product analysis of §3.1 with unit multipliers). No underflow term: additions are
    exact when their result is subnormal. For Dense: db = column sums of G."""
    magnitudes = np.abs(np.asarray(values, dtype=np.float64))
    n = magnitudes.size if axis is None else magnitudes.shape[axis]
    total = np.sum(magnitudes, axis=axis)
    return np.asarray(_both(max(n - 1, 0), dtype, reference_dtype) * total * _upward(n))


def elementwise_bound(
    magnitude: ArrayLike,
    n_ops: int,
    dtype: DTypeLike,
    reference_dtype: DTypeLike | None = np.float64,
) -> np.ndarray:
    """Bound (γ_n + γ_n^ref)·|magnitude| for a value computed by a chain of n_ops multiplications,
    divisions or library functions without cancellation, each with relative error ≤ u (Higham
    Lemma 3.1: Π(1 + δ_i)^±1 = 1 + θ_n, |θ_n| ≤ γ_n). NumPy's exp and log are not correctly
    rounded: count each as 2 operations (their error is below 1 ulp = 2u). Plus one subnormal
    spacing per operation, for results that underflow."""
    magnitudes = np.abs(np.asarray(magnitude, dtype=np.float64))
    return np.asarray(_both(n_ops, dtype, reference_dtype) * magnitudes
                      + _underflow(n_ops, dtype, reference_dtype))
