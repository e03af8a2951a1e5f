"""Layer_Dense properties (notes §二 Dense Layer): output = xW + b, dW = xᵀg, db = Σ_rows g,
dx = gWᵀ. Tolerances are Higham's bound for a product with inner dimension k, γ_k·(|A|·|B|)
entrywise with γ_k = ku/(1 − ku), for the target and for the float64 reference, plus underflow
(properties/numerics/tolerances.py)."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.catalogue.conventions import record_dtype
from backprop_spec.properties.catalogue.purity import check_untouched, same_in_every_layout, snapshot
from backprop_spec.properties.catalogue.registry import context, prop
from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.inputs.classify import allowed
from backprop_spec.properties.numerics import observations
from backprop_spec.properties.numerics.compare import check_close, check_shape, float64
from backprop_spec.properties.numerics.tolerances import BETWEEN_TWO, dot_bound, sum_bound, unit_roundoff
from backprop_spec.properties.numerics.vjp import numeric_vjp_matches
from backprop_spec.properties.target.adapter import Adapter, DenseResult
from backprop_spec.symbolic import references as ref

OP = "Layer_Dense"
WHY = "γ_k·(|A|·|B|) for a product with inner dimension k (Higham §3.1), both sides"


def bounds(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, ...]:
    """(output, dinput, dweight, dbias) absolute error bounds per entry, both sides' rounding."""
    dtype = x.dtype
    n = len(x)
    augmented_x = np.hstack([float64(x), np.ones((n, 1))])  # xW + b = [x 1]·[W; b]
    augmented_w = np.vstack([float64(w), float64(b).reshape(1, -1)])
    return (dot_bound(augmented_x, augmented_w, dtype), dot_bound(g, float64(w).T, dtype),
            dot_bound(float64(x).T, g, dtype), sum_bound(g, 0, dtype).reshape(1, -1))


def _draw(data: st.DataObject,
          dtype: np.dtype | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, str]:
    dtype = dtype or data.draw(S.float_dtypes(), label="dtype")
    n = data.draw(S.batch_sizes(), label="n")
    a, b = (data.draw(S.sides, label=name) for name in ("n_inputs", "n_neurons"))
    x = data.draw(S.moderate((n, a), dtype), label="input")
    w = data.draw(S.moderate((a, b), dtype, bound=1.0), label="weight")
    bias = data.draw(S.moderate((1, b), dtype, bound=1.0), label="bias")
    g = data.draw(S.moderate((n, b), dtype), label="dvalue")
    where = context(f"{OP}.backward", n=n, n_inputs=a, n_neurons=b, dtype=str(dtype))
    return x, w, bias, g, where


def _dbias(result: DenseResult, where: str) -> np.ndarray:
    """dbias as (1, b); the notes allow (1, b) or (b,), recorded as a convention."""
    shape = np.shape(result.dbias)
    b = np.shape(result.output)[1]
    check_shape("dbias", result.dbias, ((1, b), (b,)), where)
    observations.convention("dbias shape", "(1, b)" if shape == (1, b) else "(b,)")
    return np.reshape(result.dbias, (1, b))


def _check_all(result: DenseResult, expected: tuple[np.ndarray, ...],
               atols: tuple[np.ndarray, ...], where: str, why: str = WHY) -> None:
    got = (result.output, result.dinput, result.dweight, _dbias(result, where))
    for name, value, want, atol in zip(("output", "dinput", "dweight", "dbias"), got, expected,
                                       atols):
        check_close(name, value, want, atol=atol, where=where, why=why)


@prop(OP, "symbolic")
def matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """Forward and the three gradients equal SymPy's matrix-calculus derivation."""
    x, w, b, g, where = _draw(data)
    result = target.dense(w, b, x, g)
    record_dtype(OP, x.dtype, output=result.output, dinput=result.dinput, dweight=result.dweight,
                 dbias=result.dbias)
    expected = (ref.dense_forward(*map(float64, (x, w, b))), *ref.dense_vjp(*map(float64,
                                                                                  (x, w, b, g))))
    _check_all(result, expected, bounds(x, w, b, g), where)


@prop(OP, "numeric")
def matches_numeric(target: Adapter, data: st.DataObject) -> None:
    """dinput, dweight and dbias equal central differences of the target's own forward taken
    in the input, the weight and the bias (float64)."""
    x, w, b, g, where = _draw(data, np.dtype(np.float64))
    result = target.dense(w, b, x, g)
    noise = forward_noise(x, w, b, g)
    numeric_vjp_matches(lambda v: target.dense(w, b, v).output, x, g, result.dinput,
                        reference=None, where=f"{where} dinput", data=data, forward_noise=noise)
    numeric_vjp_matches(lambda v: target.dense(v, b, x).output, w, g, result.dweight,
                        reference=None, where=f"{where} dweight", data=data, forward_noise=noise)
    numeric_vjp_matches(lambda v: target.dense(w, v, x).output, b, g, _dbias(result, where),
                        reference=None, where=f"{where} dbias", data=data, forward_noise=noise)


def forward_noise(x: np.ndarray, w: np.ndarray, b: np.ndarray, g: np.ndarray) -> float:
    """Absolute rounding bound of ⟨g, xW + b⟩ as a target computes it: Σ|g|·γ_k(|x||W| + |b|),
    both sides. xW + b may cancel (the thorough profile drew x = (0.4478, 0), W = (−1, 0)ᵀ,
    b = 0.4473: an output of −5e-4 from terms of 0.45), and the estimators' noise model, scaled
    by |output|, cannot see rounding that lives at the scale of the terms; the difference steps
    move x, W or b by < 1e-2 of themselves, which the two sides' γ_k covers."""
    return float(np.sum(np.abs(float64(g)) * bounds(x, w, b, g)[0]))


@prop(OP, "invariants")
def batch_gradient_is_the_sum_of_per_sample_gradients(target: Adapter,
                                                      data: st.DataObject) -> None:
    """dW and db of the batch are the sums of the per-sample ones (the notes' comment), and dx
    row i depends on row i alone: computing sample by sample gives the batch's rows. Samples
    one by one are batches of one: nothing to check while that class is switched off."""
    if not allowed("one_sample"):
        return
    x, w, b, g, where = _draw(data)
    whole = target.dense(w, b, x, g)
    rows = [target.dense(w, b, x[i:i + 1], g[i:i + 1]) for i in range(len(x))]
    _, atol_in, atol_w, atol_b = bounds(x, w, b, g)
    check_close("Σ per-sample dweight", sum(float64(r.dweight) for r in rows), whole.dweight,
                atol=BETWEEN_TWO * atol_w, where=where, why=WHY)
    check_close("Σ per-sample dbias", sum(float64(_dbias(r, where)) for r in rows),
                _dbias(whole, where), atol=BETWEEN_TWO * atol_b, where=where, why=WHY)
    per_sample = [float64(r.dinput) for r in rows]
    check_close("per-sample dinput", np.concatenate(per_sample), whole.dinput, atol=BETWEEN_TWO * atol_in,
                where=where, why=WHY, parts=per_sample)


@prop(OP, "invariants")
def backward_linear_and_permutation_equivariant(target: Adapter, data: st.DataObject) -> None:
    """backward(a·g1 + g2) = a·backward(g1) + backward(g2); permuting the batch permutes dx and
    leaves dW and db unchanged."""
    x, w, b, g, where = _draw(data)
    g2 = data.draw(S.moderate(g.shape, g.dtype), label="dvalue 2")
    a = g.dtype.type(data.draw(st.sampled_from([-2.0, 0.5, 4.0]), label="a"))  # a·g1 is exact
    one, two = target.dense(w, b, x, g), target.dense(w, b, x, g2)
    both = target.dense(w, b, x, a * g + g2)
    # a·g1 + g2 rounds once in the target's dtype; the layer is linear, so that rounding reaches
    # each gradient through |Wᵀ|, |xᵀ| and the column sum
    rounding = unit_roundoff(g.dtype) * np.abs(float(a) * float64(g) + float64(g2))
    propagated = (rounding @ np.abs(float64(w)).T, np.abs(float64(x)).T @ rounding,
                  rounding.sum(axis=0, keepdims=True))
    atols = [abs(float(a)) * p + q + r for p, q, r in
             zip(bounds(x, w, b, g)[1:], bounds(x, w, b, g2)[1:], propagated)]
    for name, combined, first, second, atol in (
            ("dinput", both.dinput, one.dinput, two.dinput, atols[0]),
            ("dweight", both.dweight, one.dweight, two.dweight, atols[1]),
            ("dbias", _dbias(both, where), _dbias(one, where), _dbias(two, where), atols[2])):
        check_close(f"{name}(a·g1 + g2)", combined, float(a) * float64(first) + float64(second),
                    atol=BETWEEN_TWO * atol, where=where, why=WHY + ", plus a·g1 + g2's own rounding")
    order = data.draw(st.permutations(range(len(x))), label="row order")
    permuted = target.dense(w, b, x[order], g[order])
    _, atol_in, atol_w, _ = bounds(x, w, b, g)
    check_close("dinput of permuted rows", permuted.dinput, float64(one.dinput)[order],
                atol=BETWEEN_TWO * atol_in[order], where=where, why=WHY)
    check_close("dweight of permuted rows", permuted.dweight, one.dweight, atol=BETWEEN_TWO * atol_w,
                where=where, why="the same sum in another order")


@prop(OP, "purity")
def pure_and_layout_independent(target: Adapter, data: st.DataObject) -> None:
    """Input, dvalue, weight and bias untouched; other memory layouts give the same results."""
    x, w, b, g, where = _draw(data)
    before = snapshot(x, g, w, b)
    target.dense(w, b, x, g)
    check_untouched(before, (x, g, w, b), ("input", "dvalue", "weight", "bias"), where)

    def both_passes(xv: np.ndarray, gv: np.ndarray) -> tuple[np.ndarray, ...]:
        result = target.dense(w, b, xv, gv)
        return result.output, result.dinput, result.dweight, _dbias(result, where)
    same_in_every_layout(both_passes, ("input", "dvalue"), data, (x, g), bounds(x, w, b, g),
                         where)


PROPERTIES = [matches_symbolic, matches_numeric, batch_gradient_is_the_sum_of_per_sample_gradients,
              backward_linear_and_permutation_equivariant, pure_and_layout_independent]
