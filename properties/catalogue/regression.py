"""The book's regression layers (ch. 17): Activation_Linear, Loss_MeanSquaredError and
Loss_MeanAbsoluteError, against SymPy's derivations (symbolic/references_book.py).

Error analysis, with d = y − ŷ (the target's d̂ = fl(y − ŷ) within u·|d|, plus δ if it rounds the
labels to ŷ's dtype): Linear is exact (a copy). MSE's sample loss Σd²/J is J + 3 roundings of
positive terms, γ_{J+3} relative, plus 2|d|δ/J per entry; its gradient −2d/(J·n) four roundings,
plus 2δ/(J·n). MAE's sample loss Σ|d|/J is γ_{J+1} relative plus δ/J per entry; off its kink the
gradient −sign(d)/(J·n) is an exact sign and two divisions. Each side's bound includes SymPy's
float64 rounding (tolerances.unit), and an underflow floor for d² or quotients below the normal
range."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.catalogue.conventions import record_dtype, record_sharing
from backprop_spec.properties.catalogue.purity import (
    check_untouched,
    loss_leaves_its_arguments_alone,
    same_in_every_layout,
    snapshot,
)
from backprop_spec.properties.catalogue.registry import context, prop
from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.inputs import strategies_book as B
from backprop_spec.properties.numerics import observations
from backprop_spec.properties.numerics.compare import check_close, check_within, float64
from backprop_spec.properties.numerics.tolerances import BETWEEN_TWO, elementwise_bound, underflow_floor
from backprop_spec.properties.numerics.vjp import (
    kink_reach,
    numeric_subgradient_contains,
    numeric_vjp_matches,
)
from backprop_spec.properties.target.adapter import Adapter
from backprop_spec.symbolic import references_book as ref
from backprop_spec.symbolic.kinks import MAE_KINKS, MAE_SUBGRADIENT_INTERVAL

LINEAR, MSE, MAE = "Activation_Linear", "Loss_MeanSquaredError", "Loss_MeanAbsoluteError"
OP = {"mse": MSE, "mae": MAE}
EXACT = "the identity: a copy, exact in any dtype"


def _draw(data: st.DataObject, kind: str, float64_only: bool = False,
          on_kink: bool = False) -> tuple[np.ndarray, S.Labels, str]:
    dtype = np.dtype(np.float64) if float64_only else data.draw(S.float_dtypes(), label="dtype")
    # J = 1 half the time: the book's regression examples have one output, and (n,) labels too
    n, outputs = data.draw(S.batch_sizes(), label="n"), data.draw(st.one_of(st.just(1), S.sides), label="J")
    labels = data.draw(B.regression_labels(n, outputs, dtype), label="y_true")
    y_pred = data.draw(B.predictions_near(labels, dtype, on_kink), label="y_pred")
    return y_pred, labels, context(OP[kind], n=n, J=outputs, dtype=str(dtype), labels=labels.encoding)


def bounds(kind: str, y_pred: np.ndarray, labels: S.Labels) -> tuple[np.ndarray, np.ndarray]:
    """(per-sample loss atol, dinput atol) of the module docstring."""
    d = np.abs(labels.dense - float64(y_pred))
    delta, dtype = labels.rounding(y_pred.dtype), y_pred.dtype
    n, outputs = d.shape
    floor = underflow_floor(0.0, dtype, ops=outputs + 2)
    if kind == "mse":
        losses = (elementwise_bound((d * d).sum(axis=1) / outputs, outputs + 3, dtype)
                  + (2 * d * delta + delta * delta).sum(axis=1) / outputs)
        grads = elementwise_bound(2 * d / (outputs * n), 4, dtype) + 2 * delta / (outputs * n)
    else:
        losses = elementwise_bound(d.sum(axis=1) / outputs, outputs + 1, dtype) + delta.sum(axis=1) / outputs
        grads = elementwise_bound(np.full(d.shape, 1 / (outputs * n)), 2, dtype)
    return losses + floor, grads + floor


def _matches_symbolic(target: Adapter, kind: str, y_pred: np.ndarray, labels: S.Labels,
                      where: str) -> None:
    losses = target.loss_forward(kind, y_pred, labels.given)
    dinput = target.loss_backward(kind, y_pred, labels.given)
    record_dtype(OP[kind], y_pred.dtype, losses=losses, dinput=dinput)
    atol_loss, atol_grad = bounds(kind, y_pred, labels)
    check_close("per-sample loss", losses, ref.regression_forward(kind, float64(y_pred), labels.dense),
                atol=atol_loss, where=where, why="module docstring: γ of the terms plus label rounding")
    check_close("dinput", dinput, ref.regression_grad(kind, float64(y_pred), labels.dense),
                atol=atol_grad, where=where, why="module docstring: a few roundings of the closed form")


@prop(LINEAR, "symbolic")
def linear_matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """output = input and dinput = dvalue · dy/dx = dvalue, exactly."""
    dtype = data.draw(S.float_dtypes(), label="dtype")
    shape = (data.draw(S.batch_sizes(), label="n"), data.draw(S.sides, label="features"))
    x = data.draw(S.moderate(shape, dtype), label="input")
    g = data.draw(S.moderate(shape, dtype), label="dvalue")
    out, dinput = target.activation("linear", x, g)
    record_dtype(LINEAR, x.dtype, output=out, dinput=dinput)
    where = context(f"{LINEAR}.backward", n=shape[0], features=shape[1], dtype=str(dtype))
    check_close("output", out, float64(x), atol=0.0, where=where, why=EXACT)
    check_close("dinput", dinput, ref.linear_vjp(float64(x), float64(g)), atol=0.0, where=where, why=EXACT)


@prop(LINEAR, "numeric")
def linear_matches_numeric(target: Adapter, data: st.DataObject) -> None:
    """The backward equals central differences of the target's own forward."""
    shape = (data.draw(S.batch_sizes(), label="n"), data.draw(S.sides, label="features"))
    x, g = data.draw(S.moderate(shape), label="input"), data.draw(S.moderate(shape), label="dvalue")
    _, dinput = target.activation("linear", x, g)
    numeric_vjp_matches(lambda v: target.activation("linear", v)[0], x, g, dinput, reference=None,
                        where=context(f"{LINEAR}.backward", n=shape[0], features=shape[1]), data=data)


@prop(LINEAR, "purity")
def linear_pure_and_layout_independent(target: Adapter, data: st.DataObject) -> None:
    """Arguments untouched and every layout exact. Returning the input or dvalue itself (not a
    copy, as the book's `dvalues.copy()`) is a convention, reported; writing into it is not."""
    shape = (data.draw(S.batch_sizes(), label="n"), data.draw(S.sides, label="features"))
    x, g = data.draw(S.moderate(shape), label="input"), data.draw(S.moderate(shape), label="dvalue")
    where = context(f"{LINEAR}.backward", n=shape[0], features=shape[1])
    before = snapshot(x, g)
    out, dinput = target.activation("linear", x, g)
    check_untouched(before, (x, g), ("input", "dvalue"), where)
    record_sharing(LINEAR, output=(out, x), dinput=(dinput, g))
    same_in_every_layout(lambda a, b: target.activation("linear", a, b), ("input", "dvalue"), data,
                         (x, g), (0.0, 0.0), where)


@prop(MSE, "symbolic")
def mse_matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """Per-sample losses (1/J) Σ (y − ŷ)² and the gradient of their mean equal SymPy's, for
    float and integer labels, (n, J) and (n,) for one output."""
    y_pred, labels, where = _draw(data, "mse")
    _matches_symbolic(target, "mse", y_pred, labels, where)


@prop(MAE, "symbolic")
def mae_matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """Off the kink (|y − ŷ| ≥ 1e-3): per-sample losses (1/J) Σ |y − ŷ| and the gradient
    −sign(y − ŷ)/J/n of their mean equal SymPy's — not the book's sign(y − ŷ)/J/n."""
    y_pred, labels, where = _draw(data, "mae")
    _matches_symbolic(target, "mae", y_pred, labels, where)


def _matches_numeric(target: Adapter, data: st.DataObject, kind: str) -> None:
    y_pred, labels, where = _draw(data, kind, float64_only=True)
    dinput = target.loss_backward(kind, y_pred, labels.given)
    def mse_mean(p: np.ndarray) -> np.ndarray:
        return np.mean(ref.regression_forward("mse", p, labels.dense))[None]
    reference = mse_mean if kind == "mse" else None
    numeric_vjp_matches(lambda p: np.mean(target.loss_forward(kind, p, labels.given))[None], y_pred,
                        np.ones(1), dinput, where=where, data=data, reference=reference,
                        claimed_atol=bounds(kind, y_pred, labels)[1],
                        reach=kink_reach(y_pred - labels.dense, MAE_KINKS) if kind == "mae" else None)


@prop(MSE, "numeric")
def mse_matches_numeric(target: Adapter, data: st.DataObject) -> None:
    """dinput equals central differences of the target's mean loss and SymPy's complex step."""
    _matches_numeric(target, data, "mse")


@prop(MAE, "numeric")
def mae_matches_numeric(target: Adapter, data: st.DataObject) -> None:
    """dinput equals central differences of the target's mean loss, no stencil reaching ŷ = y
    (|·| is not analytic: no complex step)."""
    _matches_numeric(target, data, "mae")


def _agrees_with_float_labels(target: Adapter, kind: str, data: st.DataObject) -> None:
    """The labels as given ((n,) or integer) and as (n, J) floats of ŷ's dtype give the same
    losses and dinput, each within its bound, so within twice of each other."""
    y_pred, labels, where = _draw(data, kind)
    floats = labels.dense.astype(y_pred.dtype)
    atol_loss, atol_grad = bounds(kind, y_pred, labels)
    why = "the same labels as (n, J) floats; both within their rounding bound"
    check_close("dinput", target.loss_backward(kind, y_pred, labels.given),
                float64(target.loss_backward(kind, y_pred, floats)), atol=BETWEEN_TWO * atol_grad,
                where=where, why=why)
    check_close("per-sample loss", target.loss_forward(kind, y_pred, labels.given),
                float64(target.loss_forward(kind, y_pred, floats)), atol=BETWEEN_TWO * atol_loss,
                where=where, why=why)


@prop(MSE, "pitfalls")
def mse_label_shapes_and_dtypes_agree(target: Adapter, data: st.DataObject) -> None:
    """(n,) labels for one output are (n, 1) — never an (n, n) broadcast — and integer labels
    give the float-label result."""
    _agrees_with_float_labels(target, "mse", data)


@prop(MAE, "pitfalls")
def mae_label_shapes_and_dtypes_agree(target: Adapter, data: st.DataObject) -> None:
    """(n,) labels for one output are (n, 1) — never an (n, n) broadcast — and integer labels
    give the float-label result."""
    _agrees_with_float_labels(target, "mae", data)


@prop(MAE, "pitfalls")
def mae_subgradient_at_the_kink(target: Adapter, data: st.DataObject) -> None:
    """Where ŷ = y exactly, dinput·J·n lies in SymPy's subgradient interval [−1, 1] and between
    the one-sided derivatives of the target's own mean loss; the value is reported (np.sign
    takes 0). Elsewhere dinput equals SymPy's."""
    y_pred, labels, where = _draw(data, "mae", float64_only=True, on_kink=True)
    dinput = float64(target.loss_backward("mae", y_pred, labels.given))
    at_kink = y_pred == labels.dense
    if not at_kink.any():
        return
    n, outputs = y_pred.shape
    scaled = dinput[at_kink] * outputs * n
    low, high = MAE_SUBGRADIENT_INTERVAL
    check_within("dinput at ŷ = y", scaled, low, high, got=dinput, at=np.argwhere(at_kink),
                 expected=f"a value in [{low}, {high}]/(J·n)",
                 message=f"dinput·J·n at ŷ = y is {scaled}, but should lie in the subgradient interval "
                         f"[{low}, {high}] [{where}]")
    first = tuple(int(i) for i in np.argwhere(at_kink)[0])
    numeric_subgradient_contains(lambda p: np.mean(target.loss_forward("mae", p, labels.given))[None],
                                 y_pred, np.ones(1), dinput, first, where)
    observations.convention("MAE at ŷ = y", f"dinput·J·n = {sorted(set(np.round(scaled, 6).tolist()))}")
    off = ~at_kink
    check_close("dinput off the kink", dinput[off], ref.regression_grad("mae", y_pred, labels.dense)[off],
                atol=bounds("mae", y_pred, labels)[1][off], where=where, why="two divisions of a sign")


def _untouched(target: Adapter, data: st.DataObject, kind: str) -> None:
    y_pred, labels, where = _draw(data, kind)
    loss_leaves_its_arguments_alone(target, kind, y_pred, labels.given, where)


@prop(MSE, "purity")
def mse_leaves_its_arguments_alone(target: Adapter, data: st.DataObject) -> None:
    """y_pred and y_true unmodified by forward and backward; read-only ones accepted."""
    _untouched(target, data, "mse")


@prop(MAE, "purity")
def mae_leaves_its_arguments_alone(target: Adapter, data: st.DataObject) -> None:
    """y_pred and y_true unmodified by forward and backward; read-only ones accepted."""
    _untouched(target, data, "mae")


PROPERTIES = [linear_matches_symbolic, linear_matches_numeric, linear_pure_and_layout_independent,
              mse_matches_symbolic, mse_matches_numeric, mse_label_shapes_and_dtypes_agree,
              mse_leaves_its_arguments_alone, mae_matches_symbolic, mae_matches_numeric,
              mae_label_shapes_and_dtypes_agree, mae_subgradient_at_the_kink,
              mae_leaves_its_arguments_alone]
