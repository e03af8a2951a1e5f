"""Fused softmax + CCE properties (not in the notes; the standard fast path). Its gradient is
(S·Σ_j y_j − y)/n, which is (S − y)/n for label rows summing to 1. The tolerance is the softmax
bound (each S_k to ≤ u(2|z_k − max| + 2c + 8) relative) plus the subtraction's rounding, and,
judged at its scale (tolerances module), the floors of (Σy + |y|)/n: a fused class that forms S
by log-softmax differs from the max-shift by subnormal amounts where S underflows."""

from __future__ import annotations

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from backprop_spec.properties.catalogue.purity import check_untouched, snapshot
from backprop_spec.properties.catalogue.registry import context, prop
from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.inputs.classify import allowed, probing
from backprop_spec.properties.numerics import observations
from backprop_spec.properties.numerics.compare import check_close, float64
from backprop_spec.properties.numerics.tolerances import (
    BETWEEN_TWO,
    scale_floor,
    softmax_growth,
    underflow_floor,
    unit,
)
from backprop_spec.properties.target.adapter import Adapter
from backprop_spec.symbolic import references as ref
from backprop_spec.symbolic.kinks import CLIP_EPSILON_RANGE

OP = "Activation_Softmax_Loss_CategoricalCrossentropy"
WHY = ("S to u(2|z − max| + 2c + 8) relative, then (S·Σy − y)/n adds 3u of |S·Σy| + |y|; "
       "subnormal outputs to a few subnormal spacings")


def _bound(z: np.ndarray, y: S.Labels) -> np.ndarray:
    """Per-entry bound of the gradient (S·Σy − y)/n; labels rounded to z's dtype move it by
    (S·Σ|δ| + |δ|)/n."""
    delta = y.rounding(z.dtype)
    return _arithmetic_bound(z, y.dense) + (ref.softmax_forward(float64(z)) * delta.sum(
        axis=1, keepdims=True) + delta) / len(z)


def _arithmetic_bound(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    s, u = ref.softmax_forward(float64(z)), unit(z.dtype)
    growth = softmax_growth(z)
    total = y.sum(axis=1, keepdims=True)
    n = len(z)
    return (2 * u * (s * total * growth + 3 * (s * total + np.abs(y))) / n
            + scale_floor((total + np.abs(y)) / n, z.dtype) + underflow_floor(total / n, z.dtype))


def loss_interval(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The mean losses a correct fused forward may return: −Σ y·log S exactly (log-softmax, no
    clipping, as PyTorch's cross_entropy) or with S clipped at any ε of CLIP_EPSILON_RANGE (the
    notes: 1e-7). Each term −y_k·log clip(S_k) lies between its exact and its ε_max-clipped value
    (the clip moves S_k monotonically towards [ε, 1 − ε]), so the mean lies between the sums of
    the smaller and of the larger of each pair."""
    z64 = float64(z)
    shifted = z64 - z64.max(axis=1, keepdims=True)
    log_s = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    eps = CLIP_EPSILON_RANGE[1]
    log_clipped = np.log(np.clip(np.exp(log_s), eps, 1 - eps))
    exact, clipped = -y * log_s, -y * log_clipped
    return (float(np.mean(np.minimum(exact, clipped).sum(axis=1))),
            float(np.mean(np.maximum(exact, clipped).sum(axis=1))))


def _draw(data: st.DataObject, labels, logits=S.moderate):
    dtype = data.draw(S.float_dtypes(), label="dtype")
    n, c = data.draw(S.batch_sizes(), label="n"), data.draw(S.class_counts(), label="c")
    z = data.draw(logits((n, c), dtype), label="logits")
    y = data.draw(labels(n, c), label="y_true")
    return z, y, context(f"{OP}.backward", n=n, c=c, dtype=str(dtype), labels=y.encoding)


def normalised_labels(n: int, c: int) -> st.SearchStrategy[S.Labels]:
    """Hard labels, and soft rows summing to 1 while allowed."""
    soft = [S.soft_labels(n, c)] if allowed("soft_labels") else []
    return st.one_of(S.hard_categorical_labels(n, c), *soft)


@prop(OP, "symbolic")
def matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """Mean loss and gradient equal SymPy's, derived from softmax then CCE, for sparse, one-hot
    and soft labels summing to 1."""
    z, y, where = _draw(data, normalised_labels)
    loss, _, dinput = target.fused(z, y.given)
    check_close("dinput", dinput, ref.softmax_cce_grad(float64(z), y.dense), atol=_bound(z, y),
                where=where, why=WHY)
    low, high = loss_interval(z, y.dense)
    nearest = min(max(float(loss), low), high)
    # labels rounded to z's dtype move each term by |δ|·|log S| (S ≥ e^{-8}/c: moderate logits)
    log_s = np.log(np.clip(ref.softmax_forward(float64(z)), CLIP_EPSILON_RANGE[1], 1))
    label_effect = float(np.mean((y.rounding(z.dtype) * np.abs(log_s)).sum(axis=1)))
    check_close("mean loss", np.float64(loss), np.float64(nearest),
                atol=8 * unit(z.dtype) * (z.shape[1] + 8) * (1 + abs(high) + np.abs(z).max())
                + label_effect, where=where,
                why=f"within [{low!r}, {high!r}], the exact loss and the one clipped at ε = 1e-7 "
                    "(any clip ε in [1e-15, 1e-7] or none), to log-sum-exp's (c+8)u")
    _record_forward(target)


def _record_forward(target: Adapter) -> None:
    """Report how the fused forward computes its loss (a convention), from one class, where S = 1
    and the exact loss is 0: a clipped S gives −log(1 − ε)."""
    try:
        with probing():
            loss, _, _ = target.fused(np.zeros((1, 1)), np.zeros(1, dtype=np.int64))
    except Exception:  # a probe, not a check: the properties judge one class (c = 1) themselves
        return
    choice = ("−Σ y·log S unclipped (log-softmax)" if loss == 0 else
              f"S clipped at ε = {-np.expm1(-loss):.1e}" if 0 < loss < 1e-6 else "")
    if choice:
        observations.convention("fused forward", choice)


@prop(OP, "pitfalls")
def stays_finite_where_the_chain_breaks(target: Adapter, data: st.DataObject) -> None:
    """At logits that make S exactly 0 the chain softmax.backward(cce.backward(S, y)) may give
    NaN or be clipped; the fused gradient must stay finite and equal SymPy's."""
    z, y, where = _draw(data, normalised_labels, logits=S.logits)
    with np.errstate(all="ignore"):
        _, _, dinput = target.fused(z, y.given)
    check_close("dinput", dinput, ref.softmax_cce_grad(float64(z), y.dense), atol=_bound(z, y),
                where=where, why=WHY)


@prop("network", "invariants")  # over three roles: fused, softmax and cce
def chain_equals_fused(target: Adapter, data: st.DataObject) -> None:
    """Where S is inside the clip, the chain softmax.backward(cce.backward(S, y)) equals the
    fused gradient (itself held to SymPy's first, so a mismatch is the chain's: cce or softmax)."""
    z, y, where = _draw(data, normalised_labels)
    _, s, dinput = target.fused(z, y.given)
    check_close("fused dinput", dinput, ref.softmax_cce_grad(float64(z), y.dense), atol=_bound(z, y),
                where=where, why=WHY)
    s = np.asarray(s)
    assume(s.min() > 2e-7 and s.max() < 1 - 2e-7)
    upstream = target.loss_backward("cce", s, y.given)
    _, chain = target.activation("softmax", z, upstream.astype(z.dtype))
    clipped = np.abs(float64(upstream)) * S.CLIP  # chain rounding: |dL/dS|·S ≤ this scale
    check_close("chain dinput", chain, float64(dinput),
                atol=BETWEEN_TWO * _bound(z, y) + 64 * unit(z.dtype) * clipped.max() * s,
                where=where.replace(OP, "softmax.backward(cce.backward(S, y))"),
                why=WHY + "; the chain adds the rounding of −y/S·S")


@prop(OP, "pitfalls")
def rows_not_summing_to_one_use_the_general_form(target: Adapter, data: st.DataObject) -> None:
    """For label rows with Σy ≠ 1, (S − y)/n is not the gradient of the fused forward; the target
    must give (S·Σy − y)/n or refuse the labels with ValueError/TypeError."""
    if not allowed("unnormalised_labels"):
        return
    z, y, where = _draw(data, lambda n, c: S.soft_labels(n, c, normalised=False))
    try:
        _, _, dinput = target.fused(z, y.given)
    except (ValueError, TypeError):
        return
    check_close("dinput", dinput, ref.softmax_cce_grad(float64(z), y.dense), atol=_bound(z, y),
                where=where, why=WHY)


@prop(OP, "purity")
def leaves_its_arguments_alone(target: Adapter, data: st.DataObject) -> None:
    """Logits, the softmax output handed to backward, and the labels are never modified."""
    z, y, where = _draw(data, normalised_labels)
    before = snapshot(z, y.given)
    _, s, _ = target.fused(z, y.given)
    check_untouched(before, (z, y.given), ("input", "y_true"), where)
    s = np.array(s, copy=True)
    kept = s.copy()
    target.fused_backward(s, y.given)
    check_untouched([kept], (s,), ("y_pred",), where)


PROPERTIES = [matches_symbolic, stays_finite_where_the_chain_breaks, chain_equals_fused,
              rows_not_summing_to_one_use_the_general_form, leaves_its_arguments_alone]
