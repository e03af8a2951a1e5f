"""Numeric references for the book's operations beyond the notes, lambdified from symbolic/derive's
derivations (whose closed forms symbolic/proofs_book proves): MSE and MAE per-sample losses and
mean-loss gradients (one derivation per output count J, cached), Linear's and Dropout's VJPs, and
the L1/L2 penalty with its gradient, entry by entry (the penalty is a sum over entries, and the
proofs show each entry's gradient does not depend on the layer's sizes).

Float64 arrays, or complex128 for complex-step differentiation of MSE and the L2 term (|·| and
sign, of MAE and L1, are not analytic: their references take real arrays only)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import numpy as np
import sympy as sp

from backprop_spec.spec import book_operations as book
from backprop_spec.symbolic import derive
from backprop_spec.symbolic.references import MAX_ROW

STRENGTHS = ("weight_l1", "weight_l2", "bias_l1", "bias_l2")


def _pair(y_pred: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(n, J) predictions and labels of the same shape, 1 ≤ J ≤ MAX_ROW."""
    p, t = np.asarray(y_pred), np.asarray(y)
    if p.ndim != 2 or p.shape != t.shape or not 1 <= p.shape[1] <= MAX_ROW:
        raise ValueError(f"y_pred, y: expected equal shapes (n, J), 1 ≤ J ≤ {MAX_ROW}; got "
                         f"{p.shape} and {t.shape}")
    if p.dtype.kind not in "fc" or t.dtype.kind not in "fc":
        raise ValueError(f"y_pred, y: expected float or complex arrays; got {p.dtype}, {t.dtype}")
    return p, t


@cache
def _regression(kind: str, outputs: int) -> tuple[Callable, Callable]:
    derived = {"mse": derive.mse, "mae": derive.mae}[kind](outputs)
    args = [derived.inputs, derived.labels]
    return (sp.lambdify(args, derived.forward[0], modules="numpy"),
            # factored, −2(y − ŷ)/(J·n) rather than the expanded 2ŷ/(J·n) − 2y/(J·n), which
            # cancels: the reference must round as little as the closed form
            sp.lambdify([*args, derive.batch_size], [sp.factor(g) for g in derived.gradient],
                        modules="numpy"))


def _columns(array: np.ndarray) -> list[np.ndarray]:
    return [array[:, j] for j in range(array.shape[1])]


def regression_forward(kind: str, y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-sample losses (n,) of "mse" or "mae"."""
    p, t = _pair(y_pred, y)
    forward, _ = _regression(kind, p.shape[1])
    value = forward(_columns(p), _columns(t))
    return np.broadcast_to(np.asarray(value, dtype=np.result_type(p, t)), (len(p),)).copy()


def regression_grad(kind: str, y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂(mean loss)/∂ŷ, (n, J); MAE's at ŷ = y is SymPy's sign(0) = 0."""
    p, t = _pair(y_pred, y)
    _, gradient = _regression(kind, p.shape[1])
    values = gradient(_columns(p), _columns(t), len(p))
    dtype = np.result_type(p, t)
    return np.stack([np.broadcast_to(np.asarray(v, dtype=dtype), (len(p),)) for v in values], axis=1)


@cache
def _unit_slopes() -> tuple[Callable, Callable]:
    """Linear's dy/dx and Dropout's ∂(x·m)/∂x, as functions of x and m."""
    x, m = derive.dropout().input, derive.dropout().mask
    linear = derive.linear()
    return (sp.lambdify([linear.inputs[0]], linear.gradient[0], modules="numpy"),
            sp.lambdify([x, m], derive.dropout().training_gradient, modules="numpy"))


def linear_vjp(x: np.ndarray, g: np.ndarray) -> np.ndarray:
    """g · dy/dx entrywise: g itself."""
    slope, _ = _unit_slopes()
    return np.asarray(g) * np.broadcast_to(slope(np.asarray(x)), np.shape(g))


def dropout_vjp(x: np.ndarray, mask: np.ndarray, g: np.ndarray) -> np.ndarray:
    """g · ∂(x·m)/∂x entrywise, for the mask the forward drew."""
    _, slope = _unit_slopes()
    return np.asarray(g) * np.broadcast_to(slope(np.asarray(x), np.asarray(mask)), np.shape(g))


@cache
def _penalty() -> tuple[Callable, Callable]:
    """One entry w's penalty λ₁|w| + λ₂w² and its derived gradient (the bias form is the same
    with its own strengths): from derive.regularized_dense(1, 1, 1) with X = G = 0."""
    derived = derive.regularized_dense(1, 1, 1)
    l1, l2 = derived.strengths[:2]
    w = derived.W[0, 0]
    zero = {s: 0 for s in (*derived.X, *derived.G, *derived.bias)}
    value = book.regularization_penalty(derived.W, sp.Matrix(1, 0, []), l1, l2, 0, 0)
    return (sp.lambdify([w, l1, l2], value, modules="numpy"),
            sp.lambdify([w, l1, l2], derived.gradient["W"][0, 0].subs(zero), modules="numpy"))


def penalty_gradient(parameter: np.ndarray, l1: float, l2: float) -> np.ndarray:
    """λ₁·sign(w) + 2λ₂·w entrywise (SymPy's sign(0) = 0 at the kink)."""
    _, gradient = _penalty()
    values = np.asarray(parameter)
    return np.broadcast_to(gradient(values, l1, l2), values.shape).astype(np.result_type(values, float))


def penalty(weight: np.ndarray, bias: np.ndarray, strengths: dict[str, float]) -> float:
    """λ₁Σ|W| + λ₂ΣW² + λ₁ᵇΣ|b| + λ₂ᵇΣb², the sum of each entry's penalty."""
    value, _ = _penalty()
    terms = [value(np.asarray(array, dtype=np.float64), strengths.get(f"{kind}_l1", 0.0),
                   strengths.get(f"{kind}_l2", 0.0)) for kind, array in (("weight", weight), ("bias", bias))]
    return float(sum(np.sum(np.broadcast_to(t, np.shape(a))) for t, a in zip(terms, (weight, bias))))
