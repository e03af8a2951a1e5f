"""Softmax properties (notes: Softmax 公式 and the per-sample Jacobian code).

Error bound used throughout (first-order analysis of S = e^{z−max}/Σe^{z−max} and of
dinput_k = S_k(g_k − Σ_j g_j S_j)): each S_k carries a relative error ≤ u(2|z_k − max z| + 2c + 8)
(the rounding of z − max is amplified by e^x; the sum and division add ≤ (c + 2)u), and the
backward adds that relative error of |g_k| + Σ_j |g_j| S_j. The tolerance doubles it; u covers
the target's dtype and the float64 reference (see `tolerances.unit`). Judged at its scale
(tolerances module): S is a probability (scale 1) and dinput_k scales with |g_k| + Σ_j |g_j| S_j,
so an output of 1e-300 (or one that underflowed: float32 at logit gaps past ~87) may be off by
4·eps of those scales plus the underflow floor — a log-softmax or textbook target rounds there
differently from the max-shift, and no consumer can tell."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.catalogue.conventions import record_dtype
from backprop_spec.properties.catalogue.purity import check_untouched, same_in_every_layout, snapshot
from backprop_spec.properties.catalogue.registry import context, prop
from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.inputs.classify import allowed
from backprop_spec.properties.numerics.compare import check_close, float64
from backprop_spec.properties.numerics.tolerances import (
    BETWEEN_TWO,
    DOUBLED,
    LINEAR_COMBINATION,
    softmax_growth,
    unit,
    value_floors,
)
from backprop_spec.properties.numerics.vjp import numeric_vjp_matches
from backprop_spec.properties.target.adapter import Adapter
from backprop_spec.symbolic import references as ref

OP = "Activation_Softmax"
WHY = "first-order rounding bound of softmax and its backward (module docstring)"


def _bounds(z: np.ndarray, g: np.ndarray, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
    """(forward atol, backward atol) per entry, from the bound in the module docstring."""
    z, g = float64(z), float64(g)
    s = ref.softmax_forward(z)
    c = z.shape[1]
    growth = softmax_growth(z)
    u = unit(dtype)
    magnitude = np.abs(g) + (np.abs(g) * s).sum(axis=1, keepdims=True)
    # the Σ_j g_j S_j term: S_j·|z_j − max| ≤ 1/e, so its error is ≤ u·max|g|·(3c + 8)
    dot_error = np.abs(g).max(axis=1, keepdims=True) * (3 * c + 8)
    return (DOUBLED * u * s * growth + value_floors(1.0, dtype),
            DOUBLED * u * s * (magnitude * growth + dot_error) + value_floors(magnitude, dtype))



def _draw(data: st.DataObject, logits=S.moderate) -> tuple[np.ndarray, np.ndarray, str]:
    dtype = data.draw(S.float_dtypes(), label="dtype")
    n, c = data.draw(S.batch_sizes(), label="n"), data.draw(S.class_counts(), label="c")
    z = data.draw(logits((n, c), dtype), label="logits")
    g = data.draw(S.moderate((n, c), dtype), label="dvalue")
    return z, g, context(f"{OP}.backward", n=n, c=c, dtype=str(dtype))


def _against_sympy(out: Any, dinput: Any, z: np.ndarray, g: np.ndarray, where: str) -> None:
    """Output and dinput equal SymPy's softmax and its Jacobian product, within the bounds."""
    atol_out, atol_back = _bounds(z, g, z.dtype)
    check_close("output", out, ref.softmax_forward(float64(z)), atol=atol_out, where=where, why=WHY)
    check_close("dinput", dinput, ref.softmax_vjp(float64(z), float64(g)), atol=atol_back,
                where=where, why=WHY)


@prop(OP, "symbolic")
def matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """Forward and backward equal SymPy's softmax and its derived Jacobian product."""
    z, g, where = _draw(data)
    out, dinput = target.activation("softmax", z, g)
    record_dtype(OP, z.dtype, output=out, dinput=dinput)
    _against_sympy(out, dinput, z, g, where)


@prop(OP, "numeric")
def matches_numeric(target: Adapter, data: st.DataObject) -> None:
    """Backward equals central differences of the target's own forward and the complex-step
    derivative of SymPy's forward (float64 targets; float32 is covered against SymPy)."""
    n, c = data.draw(S.batch_sizes(), label="n"), data.draw(S.class_counts(), label="c")
    z = data.draw(S.moderate((n, c)), label="logits")
    g = data.draw(S.moderate((n, c)), label="dvalue")
    _, dinput = target.activation("softmax", z, g)
    numeric_vjp_matches(lambda x: target.activation("softmax", x)[0], z, g, dinput,
                        reference=ref.softmax_forward, where=context(f"{OP}.backward", n=n, c=c),
                        data=data, claimed_atol=_bounds(z, g, z.dtype)[1])


@prop(OP, "invariants")
def rows_sum_to_one_and_shift_invariant(target: Adapter, data: st.DataObject) -> None:
    """Σ_k S_k = 1 for logits of any size, and adding a constant to a row changes nothing."""
    z, _, where = _draw(data, logits=S.logits)
    shift = data.draw(S.floats(np.dtype(np.float64), -50, 50), label="shift")
    out = float64(target.activation("softmax", z)[0])
    c = z.shape[1]
    u = unit(z.dtype)
    check_close("row sums", out.sum(axis=1), np.ones(len(z)), atol=4 * u * (c + 4), where=where,
                why="each S_k has relative error ≤ (c+4)u at any scale after the max-shift")
    if np.abs(z).max() <= 1e3:
        shifted = float64(target.activation("softmax", (z + z.dtype.type(shift)))[0])
        atol = (2 * u * out * (4 * np.abs(float64(z)).max() + 4 * abs(shift) + 2 * c + 8)
                + BETWEEN_TWO * value_floors(1.0, z.dtype))
        check_close("softmax(z + shift)", shifted, out, atol=atol, where=where,
                    why="z + shift rounds by u|z + shift|, which e^x turns into that relative "
                        "error; each side within the floors of scale 1")


@prop(OP, "invariants")
def backward_rows_sum_to_zero_and_jacobian_symmetric(target: Adapter, data: st.DataObject) -> None:
    """Σ_k dinput_k = 0 (softmax outputs stay on the simplex), and the Jacobian assembled from
    basis dvalues is symmetric: ∂S_j/∂z_k = ∂S_k/∂z_j = S_j(δ_jk − S_k)."""
    z, g, where = _draw(data)
    out, dinput = target.activation("softmax", z, g)
    s, c = float64(out), z.shape[1]
    u = unit(z.dtype)
    scales = np.abs(float64(g)) + (np.abs(float64(g)) * s).sum(1, keepdims=True)
    magnitude = (s * scales).sum(1)
    check_close("dinput row sums", float64(dinput).sum(axis=1), np.zeros(len(z)),
                atol=4 * u * (c + 4) * magnitude + value_floors(scales, z.dtype).sum(axis=1), where=where,
                why="Σ_k S_k(g_k − Σ_j g_j S_j) cancels exactly; rounding ≤ (c+4)u of the terms, "
                    "plus each entry's floors")
    columns = [float64(target.activation("softmax", z, np.eye(c, dtype=z.dtype)[[k] * len(z)])[1])
               for k in range(c)]
    jacobian = np.stack(columns, axis=2)  # [i, j, k] = ∂S_ij/∂z_ik
    atol = (8 * u * (c + 4) * (s[:, :, None] * s[:, None, :] + s[:, :, None] * np.eye(c))
            + BETWEEN_TWO * value_floors(1.0, z.dtype))
    check_close("Jacobian", jacobian, np.swapaxes(jacobian, 1, 2), atol=atol, where=where,
                why="both sides carry (c+4)u relative error of S_j S_k and S_j, and the floors of "
                    "scale 1 (a basis dvalue)")


@prop(OP, "invariants")
def backward_linear_and_rows_independent(target: Adapter, data: st.DataObject) -> None:
    """backward(a·g1 + g2) = a·backward(g1) + backward(g2); each row computed alone equals its row
    in the batch, and permuting the batch permutes the result."""
    z, g1, where = _draw(data)
    g2 = data.draw(S.moderate(z.shape, z.dtype), label="dvalue 2")
    a = z.dtype.type(data.draw(st.sampled_from([-2.0, 0.5, 3.0]), label="a"))
    combined = float64(target.activation("softmax", z, a * g1 + g2)[1])
    apart = a * float64(target.activation("softmax", z, g1)[1]) + float64(
        target.activation("softmax", z, g2)[1])
    _, atol1 = _bounds(z, g1, z.dtype)
    _, atol2 = _bounds(z, g2, z.dtype)
    check_close("dinput(a·g1 + g2)", combined, apart, atol=LINEAR_COMBINATION * (abs(a) * atol1 + atol2),
                where=where, why="each side within its rounding bound; a·g1 + g2 adds u")
    order = data.draw(st.permutations(range(len(z))), label="row order")
    _, whole = target.activation("softmax", z, g1)
    _, permuted = target.activation("softmax", z[order], g1[order])
    check_close("dinput of permuted rows", permuted, float64(whole)[order], atol=BETWEEN_TWO * atol1[order],
                where=where, why="rows are independent; each within its own rounding bound")
    if not allowed("one_sample"):
        return  # row 0 alone is a batch of one
    _, alone = target.activation("softmax", z[:1], g1[:1])
    check_close("dinput of row 0 alone", alone, float64(whole)[:1], atol=BETWEEN_TWO * atol1[:1],
                where=where, why="rows are independent; each within its own rounding bound")


@prop(OP, "pitfalls")
def stable_at_extreme_logits(target: Adapter, data: st.DataObject) -> None:
    """Logits of ±1e3 up to the dtype's max: no overflow to NaN, outputs that underflow to 0,
    and the backward still equals SymPy's (evaluated with the max-shift)."""
    z, g, where = _draw(data, logits=S.logits)
    with np.errstate(all="ignore"):
        out, dinput = target.activation("softmax", z, g)
    _against_sympy(out, dinput, z, g, where)


@prop(OP, "pitfalls")
def backward_equals_the_notes_jacobian_loop(target: Adapter, data: st.DataObject) -> None:
    """The backward equals the notes' per-sample (diagflat(s) − s·sᵀ)·g on the target's own
    output — and an integer dvalue gives the float answer (the notes' np.empty_like truncates)."""
    z, g, where = _draw(data)
    out, dinput = target.activation("softmax", z, g)
    s = float64(out)
    loop = np.stack([(np.diagflat(row) - np.outer(row, row)) @ grad for row, grad in
                     zip(s, float64(g))])
    _, atol = _bounds(z, g, z.dtype)
    check_close("dinput", dinput, loop, atol=atol, where=where, why=WHY)
    if not allowed("integer_dvalue"):
        return
    integer_g = np.rint(g).astype(np.int64)
    try:
        _, from_int = target.activation("softmax", z, integer_g)
    except (TypeError, ValueError):
        return  # refusing an integer dvalue is an honest answer
    _, from_float = target.activation("softmax", z, integer_g.astype(z.dtype))
    check_close("dinput for an integer dvalue", from_int, float64(from_float),
                atol=BETWEEN_TWO * _bounds(z, integer_g, z.dtype)[1], where=where,
                why="the same values as floats; an integer result buffer would truncate them")


@prop(OP, "purity")
def pure_and_layout_independent(target: Adapter, data: st.DataObject) -> None:
    """Arguments untouched; Fortran, strided and read-only arguments give the same results."""
    z, g, where = _draw(data)
    before = snapshot(z, g)
    target.activation("softmax", z, g)
    check_untouched(before, (z, g), ("input", "dvalue"), where)
    atol_out, atol_back = _bounds(z, g, z.dtype)
    same_in_every_layout(lambda x, d: target.activation("softmax", x, d), ("input", "dvalue"),
                         data, (z, g), (atol_out, atol_back), where)


PROPERTIES = [matches_symbolic, matches_numeric, rows_sum_to_one_and_shift_invariant,
              backward_rows_sum_to_zero_and_jacobian_symmetric, backward_linear_and_rows_independent,
              stable_at_extreme_logits, backward_equals_the_notes_jacobian_loop,
              pure_and_layout_independent]
