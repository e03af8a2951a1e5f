"""ReLU (notes §二 ReLu) and Sigmoid (§五) properties.

ReLU's backward is a selection, exact in any dtype, so away from the kink it must equal SymPy's
bit for bit. Sigmoid's forward has relative error ≤ 8u (e^x to ≤ 2.5 ulp in NumPy's SIMD loops,
then an add and a divide); the backward g·σ(1 − σ) from such a σ has an absolute error
≤ 24u·|g|·σ (the 1 − σ step loses relative accuracy as σ → 1, not absolute); the tolerance
doubles it and adds SymPy's own ≤ 8u relative rounding. Judged at its scale (tolerances module):
σ is a probability (scale 1) and its backward scales with |g|, so below 4·eps of those scales any
value passes — the textbook 1/(1 + e^{−x}) returns exactly 0 where σ(−720) ≈ 1e-313 — and a σ
that underflowed is off by tiny·|g| in the backward."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.catalogue.conventions import record_dtype, subgradient_choice
from backprop_spec.properties.catalogue.purity import check_untouched, same_in_every_layout, snapshot
from backprop_spec.properties.catalogue.registry import context, prop
from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.inputs.classify import allowed
from backprop_spec.properties.numerics import observations
from backprop_spec.properties.numerics.compare import check_close, check_finite, check_within, float64
from backprop_spec.properties.numerics.tolerances import (
    BETWEEN_TWO,
    DOUBLED,
    LINEAR_COMBINATION,
    SIGMOID_BACKWARD_ULPS,
    SIGMOID_SYMMETRY_ULPS,
    SIGMOID_ULPS,
    unit,
    value_floors,
)
from backprop_spec.properties.numerics.vjp import (
    kink_reach,
    numeric_subgradient_contains,
    numeric_vjp_matches,
)
from backprop_spec.properties.target.adapter import Adapter
from backprop_spec.symbolic import references as ref
from backprop_spec.symbolic.kinks import RELU_KINKS, RELU_SUBGRADIENT_INTERVAL

RELU, SIGMOID = "Activation_ReLU", "Activation_Sigmoid"
EXACT = "a selection of dvalue or 0: exact in any dtype"
SIGMOID_WHY = "g·σ(1−σ) from a σ with ≤ 8u relative error: ≤ 24u·|g|·σ absolute (docstring)"


def _draw(data: st.DataObject, op: str,
          values: Any = S.away_from_zero) -> tuple[np.ndarray, np.ndarray, str]:
    dtype = data.draw(S.float_dtypes(), label="dtype")
    shape = (data.draw(S.batch_sizes(), label="n"), data.draw(S.sides, label="features"))
    x = data.draw(values(shape, dtype), label="input")
    g = data.draw(S.moderate(shape, dtype), label="dvalue")
    return x, g, context(f"{op}.backward", n=shape[0], features=shape[1], dtype=str(dtype))


def _sigmoid_bounds(x: np.ndarray, g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(output atol, dinput atol): the relative bounds of the module docstring, plus the scale
    floors (1 for σ, |g| for its backward) and the underflow floors (σ underflows below x ≈ −745
    in float64, −87 in float32; g multiplies it in the backward)."""
    s = ref.sigmoid_forward(float64(x))
    u, dtype = unit(x.dtype), x.dtype
    magnitude = np.abs(float64(g))
    return (DOUBLED * SIGMOID_ULPS * u * s + value_floors(1.0, dtype),
            DOUBLED * u * magnitude * (SIGMOID_BACKWARD_ULPS * s + SIGMOID_ULPS * s * (1 - s))
            + value_floors(magnitude, dtype))


@prop(RELU, "symbolic")
def relu_matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """Away from 0, forward and backward equal SymPy's max(0, x) and its derivative exactly."""
    x, g, where = _draw(data, RELU)
    out, dinput = target.activation("relu", x, g)
    record_dtype(RELU, x.dtype, output=out, dinput=dinput)
    check_close("output", out, ref.relu_forward(float64(x)), atol=0.0, where=where, why=EXACT)
    check_close("dinput", dinput, ref.relu_vjp(float64(x), float64(g)), atol=0.0, where=where,
                why=EXACT)


@prop(RELU, "numeric")
def relu_matches_numeric(target: Adapter, data: st.DataObject) -> None:
    """Away from 0 (|x| ≥ 1e-3, so the check stays sharp), the backward equals central
    differences of the target's own forward, whose step never reaches the kink (kink rule)."""
    shape = (data.draw(S.batch_sizes(), label="n"), data.draw(S.sides, label="features"))
    x = data.draw(S.away_from_zero(shape), label="input")
    g = data.draw(S.moderate(shape), label="dvalue")
    _, dinput = target.activation("relu", x, g)
    numeric_vjp_matches(lambda v: target.activation("relu", v)[0], x, g, dinput, reference=None,
                        where=context(f"{RELU}.backward", n=shape[0], features=shape[1]), data=data,
                        reach=kink_reach(x, RELU_KINKS))


@prop(RELU, "pitfalls")
def relu_subgradient_at_exactly_zero(target: Adapter, data: st.DataObject) -> None:
    """At exactly 0 the derivative does not exist; any value in [0, 1] is a valid subgradient
    (SymPy's interval), and the value must also lie between the one-sided derivatives of the
    target's own forward there. The target's choice is reported (the notes pass the gradient,
    PyTorch and the book block it)."""
    x, g, where = _draw(data, RELU, values=S.with_exact_zeros)
    _, dinput = target.activation("relu", x, g)
    at_zero = (x == 0) & (g != 0)
    if not at_zero.any():
        return
    ratio = float64(dinput)[at_zero] / float64(g)[at_zero]
    low, high = RELU_SUBGRADIENT_INTERVAL
    check_within("dinput at x = 0", ratio, low, high, got=dinput, at=np.argwhere(at_zero),
                 expected=f"dvalue × a value in [{low}, {high}]",
                 message=f"dinput/dvalue at x = 0 is {ratio}, but should lie in the subgradient "
                         f"interval [{low}, {high}] [{where}]")
    first = tuple(int(i) for i in np.argwhere(at_zero)[0])  # the others are ≥ 1e-3 from 0
    numeric_subgradient_contains(lambda v: target.activation("relu", v)[0], x, g, dinput, first,
                                 where)
    observations.convention("ReLU at 0", subgradient_choice(ratio))
    away = x != 0
    check_close("dinput away from 0", float64(dinput)[away],
                ref.relu_vjp(float64(x)[away], float64(g)[away]), atol=0.0, where=where, why=EXACT)


@prop(SIGMOID, "symbolic")
def sigmoid_matches_symbolic(target: Adapter, data: st.DataObject) -> None:
    """Forward and backward equal SymPy's 1/(1 + e^{−z}) and its derived derivative."""
    x, g, where = _draw(data, SIGMOID, values=S.moderate)
    out, dinput = target.activation("sigmoid", x, g)
    record_dtype(SIGMOID, x.dtype, output=out, dinput=dinput)
    atol_out, atol_back = _sigmoid_bounds(x, g)
    check_close("output", out, ref.sigmoid_forward(float64(x)), atol=atol_out, where=where,
                why="σ to ≤ 8u relative on each side")
    check_close("dinput", dinput, ref.sigmoid_vjp(float64(x), float64(g)), atol=atol_back,
                where=where, why=SIGMOID_WHY)


@prop(SIGMOID, "numeric")
def sigmoid_matches_numeric(target: Adapter, data: st.DataObject) -> None:
    """The backward equals central differences of the target's forward and the complex-step
    derivative of SymPy's sigmoid."""
    shape = (data.draw(S.batch_sizes(), label="n"), data.draw(S.sides, label="features"))
    x = data.draw(S.moderate(shape), label="input")
    g = data.draw(S.moderate(shape), label="dvalue")
    _, dinput = target.activation("sigmoid", x, g)
    numeric_vjp_matches(lambda v: target.activation("sigmoid", v)[0], x, g, dinput,
                        reference=ref.sigmoid_forward,
                        where=context(f"{SIGMOID}.backward", n=shape[0], features=shape[1]),
                        data=data, claimed_atol=_sigmoid_bounds(x, g)[1])


@prop(SIGMOID, "invariants")
def sigmoid_symmetry_and_saturation(target: Adapter, data: st.DataObject) -> None:
    """σ(−x) = 1 − σ(x); at inputs that saturate (|x| up to 1e3) σ and its backward stay finite
    (no overflow turned into NaN) and equal SymPy's: σ rounds to exactly 0 or 1 and the gradient
    vanishes as e^{−|x|} does, not frozen at a clipped input's value."""
    x, g, where = _draw(data, SIGMOID, values=S.moderate)
    u = unit(x.dtype)
    plus = float64(target.activation("sigmoid", x)[0])
    minus = float64(target.activation("sigmoid", -x)[0])
    check_close("σ(−x)", minus, 1 - plus, atol=SIGMOID_SYMMETRY_ULPS * u, where=where,
                why="each σ within 8u relative of the truth, and 1 − σ rounds by u")
    big = x * x.dtype.type(250)
    with np.errstate(all="ignore"):
        out, dinput = target.activation("sigmoid", big, g)
    out, dinput = float64(out), float64(dinput)
    for name, value in (("output", out), ("dinput", dinput)):
        check_finite(name, value, where, row_of=("input", big))
    atol_out, atol_back = _sigmoid_bounds(big, g)
    check_close("output at saturating inputs", out, ref.sigmoid_forward(float64(big)),
                atol=atol_out + u, where=where, why="σ to 8u relative; saturation rounds to 0/1")
    check_close("dinput at saturating inputs", dinput, ref.sigmoid_vjp(float64(big), float64(g)),
                atol=atol_back, where=where, why=SIGMOID_WHY)


@prop(SIGMOID, "invariants")
def sigmoid_linear_and_rows_independent(target: Adapter, data: st.DataObject) -> None:
    """backward(a·g1 + g2) = a·backward(g1) + backward(g2), and row 0 computed alone equals row 0
    of the batch."""
    x, g, where = _draw(data, SIGMOID, values=S.moderate)
    g2 = data.draw(S.moderate(g.shape, g.dtype), label="dvalue 2")
    a = g.dtype.type(data.draw(st.sampled_from([-2.0, 0.5, 3.0]), label="a"))
    _, whole = target.activation("sigmoid", x, g)
    _, second = target.activation("sigmoid", x, g2)
    _, combined = target.activation("sigmoid", x, a * g + g2)
    _, atol = _sigmoid_bounds(x, g)
    _, atol2 = _sigmoid_bounds(x, g2)
    # each side within |a|·atol(g1) + atol(g2); a·g1 + g2 rounds by 2u of its terms, which
    # σ(1 − σ) ≤ s scales into less than one more such bound
    check_close("dinput(a·g1 + g2)", combined, float(a) * float64(whole) + float64(second),
                atol=LINEAR_COMBINATION * (abs(float(a)) * atol + atol2), where=where,
                why=SIGMOID_WHY + "; a·g1 + g2 adds its own rounding")
    if not allowed("one_sample"):
        return  # row 0 alone is a batch of one
    _, alone = target.activation("sigmoid", x[:1], g[:1])
    check_close("dinput of row 0 alone", alone, float64(whole)[:1], atol=BETWEEN_TWO * atol[:1],
                where=where, why=SIGMOID_WHY)


def _pure_and_layout_independent(target: Adapter, role: str, data: st.DataObject, x: np.ndarray,
                                 g: np.ndarray, bounds: Any, where: str) -> None:
    """The call leaves input and dvalue untouched, and every layout gives the contiguous
    layout's results within `bounds` (output's, dinput's)."""
    before = snapshot(x, g)
    target.activation(role, x, g)
    check_untouched(before, (x, g), ("input", "dvalue"), where)
    same_in_every_layout(lambda a, b: target.activation(role, a, b), ("input", "dvalue"), data,
                         (x, g), bounds, where)


@prop(RELU, "purity")
def relu_pure_and_layout_independent(target: Adapter, data: st.DataObject) -> None:
    """Arguments untouched (the in-place mask into dvalue is a classic); layouts agree exactly."""
    x, g, where = _draw(data, RELU, values=S.with_exact_zeros)
    _pure_and_layout_independent(target, "relu", data, x, g, (0.0, 0.0), where)


@prop(SIGMOID, "purity")
def sigmoid_pure_and_layout_independent(target: Adapter, data: st.DataObject) -> None:
    """Arguments untouched; layouts agree within the rounding bound."""
    x, g, where = _draw(data, SIGMOID, values=S.moderate)
    _pure_and_layout_independent(target, "sigmoid", data, x, g, _sigmoid_bounds(x, g), where)


PROPERTIES = [relu_matches_symbolic, relu_matches_numeric, relu_subgradient_at_exactly_zero,
              relu_pure_and_layout_independent, sigmoid_matches_symbolic, sigmoid_matches_numeric,
              sigmoid_symmetry_and_saturation, sigmoid_linear_and_rows_independent,
              sigmoid_pure_and_layout_independent]
