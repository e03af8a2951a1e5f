"""L1/L2 regularisation in Layer_Dense (the book's ch. 14): dweight = xᵀg + λ₁·sign(W) + 2λ₂·W,
dbias = Σ_rows g + λ₁ᵇ·sign(b) + 2λ₂ᵇ·b, and the loss class's regularization_loss(layer) =
λ₁Σ|W| + λ₂ΣW² + λ₁ᵇΣ|b| + λ₂ᵇΣb², against SymPy (symbolic/references_book.py).

Each of the four strengths is drawn > 0 only while its input class ("weight_l1", …) is allowed,
so a diagnosis names the term that breaks. Error analysis: in any order of the two additions,
each term of dweight = xᵀg + λ₁·sign(w) + 2λ₂·w passes through at most four roundings — its own
(λ₁ converted to the dtype; 2λ₂ converted and the product with w) and the two additions — each
≤ u of its magnitude, so four u of |xᵀg| + λ₁ + 2λ₂|w| bound them all, on top of the Dense bound;
the penalty itself is a sum of positive terms, each sum of k entries then scaled and added to
three others: γ_{m+5} of its value for m entries in all. Off the kink parameters keep |w| ≥ 1e-3;
at w = 0 any value in [−λ₁, λ₁] is a subgradient (the book takes +λ₁: a convention, reported)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.catalogue.dense import bounds as dense_bounds
from backprop_spec.properties.catalogue.registry import PENALTY, context, prop
from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.inputs import strategies_book as B
from backprop_spec.properties.numerics import observations
from backprop_spec.properties.numerics.compare import check_close, check_shape, check_within, float64
from backprop_spec.properties.numerics.tolerances import elementwise_bound, gamma, unit
from backprop_spec.properties.numerics.vjp import kink_reach, numeric_vjp_matches
from backprop_spec.properties.target.adapter import Adapter
from backprop_spec.symbolic import references as dense_ref
from backprop_spec.symbolic import references_book as ref
from backprop_spec.symbolic.kinks import L1_KINKS, L1_SUBGRADIENT_INTERVAL

OP = "Layer_Dense"
TERMS = ("weight_l1", "weight_l2", "bias_l1", "bias_l2")
ADDED_ROUNDINGS = 4.0  # each penalty term's own roundings and the two additions (module docstring)


def _draw(data: st.DataObject, values=S.away_from_zero, dtype: np.dtype | None = None):
    dtype = dtype or data.draw(S.float_dtypes(), label="dtype")
    n = data.draw(S.batch_sizes(), label="n")
    a, b = (data.draw(S.sides, label=name) for name in ("n_inputs", "n_neurons"))
    x = data.draw(S.moderate((n, a), dtype), label="input")
    w = data.draw(values((a, b), dtype), label="weight")
    bias = data.draw(values((1, b), dtype), label="bias")
    g = data.draw(S.moderate((n, b), dtype), label="dvalue")
    strengths = data.draw(B.strengths(*TERMS), label="strengths")
    on = ",".join(f"{k}={v:g}" for k, v in strengths.items() if v) or "none"
    where = context(f"{OP}.backward", n=n, n_inputs=a, n_neurons=b, dtype=str(dtype), regularizers=on)
    return x, w, bias, g, strengths, where


def expected_gradients(x, w, bias, g, strengths) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SymPy's (dinput, dweight, dbias (1, b)): the Dense VJP plus each penalty's gradient."""
    dinput, dweight, dbias = dense_ref.dense_vjp(*map(float64, (x, w, bias, g)))
    added = [ref.penalty_gradient(float64(p), strengths[f"{kind}_l1"], strengths[f"{kind}_l2"])
             for kind, p in (("weight", w), ("bias", bias))]
    return dinput, dweight + added[0], dbias + added[1]


def gradient_bounds(x, w, bias, g, strengths) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dinput, dweight, dbias) atol: the Dense bounds plus ADDED_ROUNDINGS·u of the magnitudes."""
    _, atol_x, atol_w, atol_b = dense_bounds(x, w, bias, g)
    u = unit(x.dtype)
    data_w = np.abs(float64(x)).T @ np.abs(float64(g))
    data_b = np.abs(float64(g)).sum(axis=0, keepdims=True)
    extra = [ADDED_ROUNDINGS * u * (data + strengths[f"{kind}_l1"]
                                    + 2 * strengths[f"{kind}_l2"] * np.abs(float64(p)))
             for kind, data, p in (("weight", data_w, w), ("bias", data_b, bias))]
    return atol_x, atol_w + extra[0], atol_b + extra[1]


def _gradients(target: Adapter, x, w, bias, g, strengths, where: str):
    result = target.dense(w, bias, x, g, regularizers=strengths)
    b = w.shape[1]
    check_shape("dbias", result.dbias, ((1, b), (b,)), where)
    return result.dinput, result.dweight, np.reshape(result.dbias, (1, b))


@prop(OP, "symbolic")
def regularized_gradients_match_symbolic(target: Adapter, data: st.DataObject) -> None:
    """With each strength 0 or > 0, off the L1 kink: dweight = xᵀg + λ₁·sign(W) + 2λ₂·W and
    dbias = Σ g + λ₁ᵇ·sign(b) + 2λ₂ᵇ·b, SymPy's derivation — added, never scaling the data
    gradient, each term with its own strength and its own parameter; dinput unchanged."""
    x, w, bias, g, strengths, where = _draw(data)
    got = _gradients(target, x, w, bias, g, strengths, where)
    why = "the Dense bound plus four roundings of the penalty's terms (module docstring)"
    for name, value, want, atol in zip(("dinput", "dweight", "dbias"), got,
                                       expected_gradients(x, w, bias, g, strengths),
                                       gradient_bounds(x, w, bias, g, strengths)):
        check_close(name, value, want, atol=atol, where=where, why=why)


def objective_noise(x, w, bias, g, strengths) -> float:
    """Absolute rounding of ⟨g, xW + b⟩ + penalty: γ_{a+2} of every product's magnitude for the
    output, γ of the n·b-term pairing, γ_{m+2} of the penalty; each side of the difference."""
    a, (n, b) = w.shape[0], g.shape
    magnitude = float(np.sum(np.abs(g) * (np.abs(x) @ np.abs(w) + np.abs(bias))))
    return 2 * (gamma(a + 2 + n * b, np.float64) * magnitude
                + gamma(w.size + bias.size + 2, np.float64) * ref.penalty(w, bias, strengths))


@prop(OP, "numeric")
def regularized_gradients_match_numeric(target: Adapter, data: st.DataObject) -> None:
    """dweight and dbias equal central differences, in W and in b, of ⟨g, output⟩ (the target's
    forward) plus SymPy's penalty, no stencil reaching w = 0. SymPy's, not the loss class's: a
    wrong penalty is the loss class's finding (regularization_loss_matches_symbolic), never the
    Dense's gradient."""
    x, w, bias, g, strengths, where = _draw(data, dtype=np.dtype(np.float64))
    _, dweight, dbias = _gradients(target, x, w, bias, g, strengths, where)
    _, atol_w, atol_b = gradient_bounds(x, w, bias, g, strengths)

    def objective(weight: np.ndarray, b: np.ndarray) -> np.ndarray:
        output = target.dense(weight, b, x).output
        return np.array([np.sum(float64(output) * g) + ref.penalty(weight, b, strengths)])
    noise = objective_noise(x, w, bias, g, strengths)
    numeric_vjp_matches(lambda v: objective(v, bias), w, np.ones(1), dweight, reference=None,
                        where=f"{where}, dweight", data=data, claimed_atol=atol_w, forward_noise=noise,
                        reach=kink_reach(w, L1_KINKS))
    numeric_vjp_matches(lambda v: objective(w, v), bias, np.ones(1), dbias, reference=None,
                        where=f"{where}, dbias", data=data, claimed_atol=atol_b, forward_noise=noise,
                        reach=kink_reach(bias, L1_KINKS))


@prop(PENALTY, "symbolic")
def regularization_loss_matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """The loss class's regularization_loss(layer) (or, in the book's later form, over its
    trainable layers) is λ₁Σ|W| + λ₂ΣW² + λ₁ᵇΣ|b| + λ₂ᵇΣb², each term read from its own
    strength and its own parameter."""
    _, w, bias, _, strengths, where = _draw(data, values=S.moderate)
    got = target.regularization_loss(w, bias, strengths)
    want = ref.penalty(w, bias, strengths)
    terms = w.size + bias.size + 5
    check_close("regularization loss", np.array([got]), np.array([want]),
                atol=elementwise_bound(want, terms, w.dtype) + elementwise_bound(want, terms, np.float64),
                where=f"{where}, regularization_loss", why="a sum of positive terms: γ_{m+5}, both sides")


@prop(OP, "pitfalls")
def l1_subgradient_at_zero(target: Adapter, data: st.DataObject) -> None:
    """Where a weight or bias is exactly 0 under an L1 strength, the penalty's contribution lies in
    [−λ₁, λ₁] (SymPy's subgradient interval); the choice is reported (the book: +λ₁). Elsewhere
    the gradients equal SymPy's."""
    x, w, bias, g, strengths, where = _draw(data, values=B.with_l1_kinks, dtype=np.dtype(np.float64))
    got = _gradients(target, x, w, bias, g, strengths, where)
    data_grads = dense_ref.dense_vjp(x, w, bias, g)
    atols = gradient_bounds(x, w, bias, g, strengths)
    wanted = expected_gradients(x, w, bias, g, strengths)
    low, high = L1_SUBGRADIENT_INTERVAL
    for kind, value, data_grad, parameter, atol, want in zip(("weight", "bias"), got[1:], data_grads[1:],
                                                             (w, bias), atols[1:], wanted[1:]):
        l1 = strengths[f"{kind}_l1"]
        at_zero = parameter == 0
        if l1 and at_zero.any():
            ratio = (float64(value) - data_grad)[at_zero] / l1
            slack = float(np.max(atol[at_zero])) / l1
            check_within(f"d{kind} at {kind} = 0", ratio, low - slack, high + slack, got=value,
                         at=np.argwhere(at_zero),
                         expected=f"the data gradient + a value in [−{l1:g}, {l1:g}]",
                         message=f"(d{kind} − data gradient)/λ₁ at {kind} = 0 is {ratio}, but should lie in "
                                 f"the subgradient interval [{low}, {high}] [{where}]")
            taken = sorted(set((np.round(ratio, 6) + 0.0).tolist()))
            observations.convention("L1 at 0", f"sign taken as {taken}")
        off = ~at_zero if l1 else np.ones(parameter.shape, bool)
        check_close(f"d{kind} off the kink", float64(value)[off], want[off], atol=atol[off], where=where,
                    why="the Dense bound plus four roundings of the penalty's terms")


PROPERTIES = [regularized_gradients_match_symbolic, regularization_loss_matches_symbolic,
              l1_subgradient_at_zero, regularized_gradients_match_numeric]
