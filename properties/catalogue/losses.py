"""Categorical (notes §三) and binary cross-entropy properties, for every label encoding.

Predictions are drawn in [1e-3, 1 − 1e-3], inside the clip bounds by far more than any
difference step, so the clip is the identity there and the SymPy loss applies unchanged.
CCE's −y/ŷ/n is three roundings on each side (≤ 8u relative with both sides); BCE's
−(y/ŷ − (1−y)/(1−ŷ))/(kn) cancels, so its bound is ≤ 8u of |y/ŷ| + |(1−y)/(1−ŷ)| over kn.
Per-sample losses: the log's ≤ 2u relative of each term plus the sum's γ_c of the terms. Judged at
its scale (tolerances module): labels are probabilities, so dinput's scale is 1/(ŷ·n) (BCE:
(1/ŷ + 1/(1 − ŷ))/(kn)) and a sample loss's Σ|log ŷ|; below 4·eps of those, and for products of
tiny labels that underflow, any value passes. Any clip ε in [1e-15, 1e-7] and either clip style
(the closed form at the clipped ŷ, or the exact derivative of the clipped forward) is a convention:
predictions here stay in [1e-3, 1 − 1e-3], and no difference step reaches a clip bound."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.catalogue.conventions import record_dtype
from backprop_spec.properties.catalogue.purity import loss_leaves_its_arguments_alone
from backprop_spec.properties.catalogue.registry import context, prop
from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.inputs.classify import probing
from backprop_spec.properties.numerics import observations
from backprop_spec.properties.numerics.compare import check_close, check_finite, float64
from backprop_spec.properties.numerics.tolerances import BETWEEN_TWO, scale_floor, underflow_floor, unit
from backprop_spec.properties.numerics.vjp import kink_reach, numeric_vjp_matches
from backprop_spec.properties.target.adapter import Adapter
from backprop_spec.symbolic import references as ref
from backprop_spec.symbolic.kinks import CLIP_KINKS

CCE, BCE = "Loss_CategoricalCrossentropy", "Loss_BinaryCrossentropy"
outputs = st.integers(1, 4)


def _draw_cce(data: st.DataObject, labels=S.categorical_labels, float64_only: bool = False,
              min_classes: int = 1, predictions=S.probabilities):
    dtype = np.dtype(np.float64) if float64_only else data.draw(S.float_dtypes(), label="dtype")
    counts = S.class_counts() if min_classes == 1 else st.integers(2, S.MAX_CLASSES)
    n, c = data.draw(S.batch_sizes(), label="n"), data.draw(counts, label="c")
    y_pred = data.draw(predictions((n, c), dtype), label="y_pred")
    y = data.draw(labels(n, c), label="y_true")
    return y_pred, y, context(f"{CCE}", n=n, c=c, dtype=str(dtype), labels=y.encoding)


def _draw_bce(data: st.DataObject, float64_only: bool = False, predictions=S.probabilities):
    dtype = np.dtype(np.float64) if float64_only else data.draw(S.float_dtypes(), label="dtype")
    n, k = data.draw(S.batch_sizes(), label="n"), data.draw(outputs, label="k")
    y_pred = data.draw(predictions((n, k), dtype), label="y_pred")
    y = data.draw(S.binary_labels(n, k), label="y_true")
    return y_pred, y, context(f"{BCE}", n=n, k=k, dtype=str(dtype), labels=y.encoding)


def cce_bounds(y_pred: np.ndarray, labels: S.Labels) -> tuple[np.ndarray, np.ndarray]:
    """(per-sample loss atol, dinput atol); labels rounded to y_pred's dtype (δ) add |δ log ŷ|
    and |δ/ŷ|/n; labels tiny enough that y·log ŷ or y/ŷ/n underflow (1.4e-45 in float32) add a
    few subnormal spacings per product or quotient."""
    p, u, y = float64(y_pred), unit(y_pred.dtype), labels.dense
    delta, c = labels.rounding(y_pred.dtype), y.shape[1]
    terms = np.abs(y * np.log(p))
    dtype = y_pred.dtype
    floors = scale_floor(np.abs(np.log(p)).sum(axis=1), dtype) + underflow_floor(0.0, dtype, ops=4 * c)
    back_floors = scale_floor(1 / p / len(p), dtype) + underflow_floor(0.0, dtype)
    return (4 * u * (c + 2) * terms.sum(axis=1) + (delta * np.abs(np.log(p))).sum(axis=1) + floors,
            (8 * u * np.abs(y) + delta) / p / len(p) + back_floors)


def bce_bounds(y_pred: np.ndarray, labels: S.Labels) -> tuple[np.ndarray, np.ndarray]:
    """(per-sample loss atol, dinput atol); labels rounded to y_pred's dtype (δ) add
    δ·(|log ŷ| + |log(1 − ŷ)|)/k and δ·(1/ŷ + 1/(1 − ŷ))/(kn); underflowing products and
    quotients (tiny labels) a few subnormal spacings each, as for CCE."""
    p, u, y = float64(y_pred), unit(y_pred.dtype), labels.dense
    delta = labels.rounding(y_pred.dtype)
    n, k = p.shape
    terms = np.abs(y * np.log(p)) + np.abs((1 - y) * np.log1p(-p))
    # log(1 − ŷ) from a rounded 1 − ŷ: u/(1 − ŷ) absolute, ≤ 1000u for ŷ ≤ 1 − 1e-3
    losses = 4 * u * ((k + 3) * terms.sum(axis=1) + (1 - y).sum(axis=1) / (1 - p).min(axis=1)) / k
    losses += (delta * (np.abs(np.log(p)) + np.abs(np.log1p(-p)))).sum(axis=1) / k
    grads = (8 * u * (np.abs(y / p) + np.abs((1 - y) / (1 - p))) + delta * (1 / p + 1 / (1 - p)))
    dtype = y_pred.dtype  # 2k products averaged over k, then the division itself may underflow
    floors = (scale_floor((np.abs(np.log(p)) + np.abs(np.log1p(-p))).sum(axis=1) / k, dtype)
              + underflow_floor(0.0, dtype, ops=12))
    back_floors = scale_floor((1 / p + 1 / (1 - p)) / (k * n), dtype) + underflow_floor(0.0, dtype)
    return losses + floors, grads / (k * n) + back_floors


def loss_noise(y_pred: np.ndarray, y: np.ndarray, binary: bool) -> float:
    """Absolute rounding of the mean loss as a target may compute it: log ŷ (or log(1 − ŷ) from a
    rounded 1 − ŷ, as the notes write it) is off by ≤ 2u relative plus u absolute, the latter
    dominant where the log is near 0 — far above 8 ulps of a loss that small. Doubled for the
    products and the mean."""
    p, u = float64(y_pred), unit(y_pred.dtype)
    terms = np.abs(y) * (1 + 2 * np.abs(np.log(p)))
    if binary:
        terms = terms + np.abs(1 - y) * (1 + 2 * np.abs(np.log1p(-p)))
        return float(2 * u * terms.mean())
    return float(2 * u * terms.sum(axis=1).mean())


def _matches_symbolic(target: Adapter, kind: str, op: str, y_pred: np.ndarray, y: S.Labels,
                      where: str, bounds: tuple[np.ndarray, np.ndarray], why: tuple[str, str]) -> None:
    """Per-sample losses and the mean loss's gradient of `kind` against SymPy's references."""
    losses, dinput = (target.loss_forward(kind, y_pred, y.given),
                      target.loss_backward(kind, y_pred, y.given))
    record_dtype(op, y_pred.dtype, losses=losses, dinput=dinput)
    forward, grad = (ref.cce_forward, ref.cce_grad) if kind == "cce" else (ref.bce_forward,
                                                                           ref.bce_grad)
    check_close("per-sample loss", losses, forward(float64(y_pred), y.dense), atol=bounds[0],
                where=where, why=why[0])
    check_close("dinput", dinput, grad(float64(y_pred), y.dense), atol=bounds[1], where=where,
                why=why[1])


@prop(CCE, "symbolic")
def cce_matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """Per-sample losses −Σ y log ŷ and the gradient of their mean equal SymPy's, for sparse,
    one-hot (bool, uint8, int, float) and soft labels."""
    y_pred, y, where = _draw_cce(data)
    _matches_symbolic(target, "cce", CCE, y_pred, y, where, cce_bounds(y_pred, y),
                      ("logs to 2u, the sum to γ_c (module docstring)",
                       "−y/ŷ/n: three roundings each side"))


@prop(CCE, "numeric")
def cce_matches_numeric(target: Adapter, data: st.DataObject) -> None:
    """dinput equals central differences of the mean of the target's own per-sample losses and
    the complex-step derivative of SymPy's loss."""
    y_pred, y, where = _draw_cce(data, float64_only=True)
    dinput = target.loss_backward("cce", y_pred, y.given)
    mean = np.full(1, 1.0)
    numeric_vjp_matches(lambda p: np.mean(target.loss_forward("cce", p, y.given))[None], y_pred,
                        mean, dinput, where=where, data=data,
                        reference=lambda p: np.mean(ref.cce_forward(p, y.dense))[None],
                        claimed_atol=cce_bounds(y_pred, y)[1],
                        forward_noise=loss_noise(y_pred, y.dense, binary=False),
                        reach=kink_reach(y_pred, CLIP_KINKS))


def _agrees_with_float_labels(target: Adapter, kind: str, y_pred: np.ndarray, y: S.Labels,
                              where: str, bounds: tuple[np.ndarray, np.ndarray]) -> None:
    """The labels as given and as (n, k) floats of y_pred's dtype give the same losses and
    dinput; each side within its rounding bound, so within twice of each other."""
    float_labels = y.dense.astype(y_pred.dtype)
    why = "the same labels as floats; both within their rounding bound"
    check_close("dinput", target.loss_backward(kind, y_pred, y.given),
                float64(target.loss_backward(kind, y_pred, float_labels)), atol=BETWEEN_TWO * bounds[1],
                where=where, why=why)
    check_close("per-sample loss", target.loss_forward(kind, y_pred, y.given),
                float64(target.loss_forward(kind, y_pred, float_labels)), atol=BETWEEN_TWO * bounds[0],
                where=where, why=why)


@prop(CCE, "pitfalls")
def cce_label_encodings_agree(target: Adapter, data: st.DataObject) -> None:
    """Sparse (n,) and (n,1) in every integer dtype, and one-hot as bool, uint8, int, float32 and
    float64, all give the float one-hot result (uint8 must not wrap under −, (n,1) is sparse).
    c ≥ 2: for one class a float (n, 1) one-hot column would itself be ambiguous."""
    y_pred, y, where = _draw_cce(data, labels=S.hard_categorical_labels, min_classes=2)
    _agrees_with_float_labels(target, "cce", y_pred, y, where, cce_bounds(y_pred, y))


@prop(CCE, "pitfalls")
def cce_finite_at_the_clip_bounds(target: Adapter, data: st.DataObject) -> None:
    """At predictions of exactly 0 and 1 (and just inside or outside 1e-7), losses and dinput
    stay finite: −0/0 = NaN even where the label is 0 poisons the whole backward pass."""
    n, c = data.draw(S.batch_sizes(), label="n"), data.draw(st.integers(1, S.MAX_CLASSES), label="c")
    y_pred = data.draw(S.near_clip_bounds((n, c)), label="y_pred")
    y = data.draw(S.hard_categorical_labels(n, c), label="y_true")
    where = context(CCE, n=n, c=c, labels=y.encoding)
    with np.errstate(all="ignore"):
        losses = float64(target.loss_forward("cce", y_pred, y.given))
        dinput = float64(target.loss_backward("cce", y_pred, y.given))
    for name, value in (("per-sample loss", losses), ("dinput", dinput)):
        check_finite(name, value, where, row_of=("y_pred", y_pred))
    record_clip(target, "cce", CCE)


@prop(BCE, "symbolic")
def bce_matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """Per-sample losses (mean over the k outputs) and the gradient of their mean equal SymPy's,
    for (n,k) labels and for (n,) labels when k = 1."""
    y_pred, y, where = _draw_bce(data)
    _matches_symbolic(target, "bce", BCE, y_pred, y, where, bce_bounds(y_pred, y),
                      ("logs to 2u plus 1 − ŷ's rounding, the mean to γ_k (module docstring)",
                       "two quotients that may cancel: 8u of their magnitudes over kn"))


@prop(BCE, "numeric")
def bce_matches_numeric(target: Adapter, data: st.DataObject) -> None:
    """dinput equals central differences of the target's mean loss and SymPy's complex step."""
    y_pred, y, where = _draw_bce(data, float64_only=True)
    dinput = target.loss_backward("bce", y_pred, y.given)
    numeric_vjp_matches(lambda p: np.mean(target.loss_forward("bce", p, y.given))[None], y_pred,
                        np.full(1, 1.0), dinput, where=where, data=data,
                        reference=lambda p: np.mean(ref.bce_forward(p, y.dense))[None],
                        claimed_atol=bce_bounds(y_pred, y)[1],
                        forward_noise=loss_noise(y_pred, y.dense, binary=True),
                        reach=kink_reach(y_pred, CLIP_KINKS))


@prop(BCE, "pitfalls")
def bce_label_shapes_and_dtypes_agree(target: Adapter, data: st.DataObject) -> None:
    """(n,) and (n,1) labels give the same (n,1) gradient — never an (n,n) broadcast — and
    bool/uint8/int labels give the float-label result (no wrap of −uint8)."""
    y_pred, y, where = _draw_bce(data)
    _agrees_with_float_labels(target, "bce", y_pred, y, where, bce_bounds(y_pred, y))


@prop(BCE, "pitfalls")
def bce_finite_at_zero_and_one(target: Adapter, data: st.DataObject) -> None:
    """Sigmoid outputs of exactly 0 and 1 are common; losses and dinput must stay finite."""
    n, k = data.draw(S.batch_sizes(), label="n"), data.draw(outputs, label="k")
    y_pred = data.draw(S.near_clip_bounds((n, k)), label="y_pred")
    y = data.draw(S.binary_labels(n, k), label="y_true")
    where = context(BCE, n=n, k=k, labels=y.encoding)
    with np.errstate(all="ignore"):
        values = (float64(target.loss_forward("bce", y_pred, y.given)),
                  float64(target.loss_backward("bce", y_pred, y.given)))
    for name, value in zip(("per-sample loss", "dinput"), values):
        check_finite(name, value, where, row_of=("y_pred", y_pred))
    record_clip(target, "bce", BCE)


def record_clip(target: Adapter, kind: str, op: str) -> None:
    """Report the clip a loss chose (a convention: any ε in [1e-15, 1e-7], either backward), from
    one probe at ŷ = 0 where the label is 1 (n = 1): the loss there is −log ε, and dinput is
    −1/ε (the closed form at the clipped ŷ) or 0 (the exact derivative of the clipped forward)."""
    y_pred, y = (np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]])) if kind == "cce" else (
        np.zeros((1, 1)), np.ones((1, 1)))
    with np.errstate(all="ignore"), probing():
        loss = float(np.asarray(target.loss_forward(kind, y_pred, y), dtype=np.float64)[0])
        slope = float(np.asarray(target.loss_backward(kind, y_pred, y), dtype=np.float64)[0, 0])
    if not (np.isfinite(loss) and np.isfinite(slope)):
        return  # not a convention: the finiteness properties report it
    epsilon = float(np.exp(-loss))
    backward = ("the exact derivative of the clipped forward (0 beyond the bounds)" if slope == 0
                else "the closed form at the clipped ŷ" if np.isclose(slope, -1 / epsilon, rtol=1e-6)
                else f"dinput {slope:.3g} at ŷ = 0")
    observations.convention(f"clip of {op}", f"ŷ clipped at ε = {epsilon:.1e}; backward: {backward}")


@prop(CCE, "purity")
def cce_leaves_its_arguments_alone(target: Adapter, data: st.DataObject) -> None:
    """y_pred (with entries at and past the clip bounds) and y_true unmodified by forward and
    backward, and read-only ones accepted by both."""
    y_pred, y, where = _draw_cce(data, predictions=S.with_clip_edges)
    loss_leaves_its_arguments_alone(target, "cce", y_pred, y.given, where)


@prop(BCE, "purity")
def bce_leaves_its_arguments_alone(target: Adapter, data: st.DataObject) -> None:
    """y_pred (with entries at and past the clip bounds) and y_true unmodified by forward and
    backward, and read-only ones accepted by both."""
    y_pred, y, where = _draw_bce(data, predictions=S.with_clip_edges)
    loss_leaves_its_arguments_alone(target, "bce", y_pred, y.given, where)


PROPERTIES = [cce_matches_symbolic, cce_matches_numeric, cce_label_encodings_agree,
              cce_finite_at_the_clip_bounds, cce_leaves_its_arguments_alone, bce_matches_symbolic,
              bce_matches_numeric, bce_label_shapes_and_dtypes_agree, bce_finite_at_zero_and_one,
              bce_leaves_its_arguments_alone]
