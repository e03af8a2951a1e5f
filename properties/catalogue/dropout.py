"""The book's Layer_Dropout (ch. 15), judged against the mask the layer itself drew: on inputs
with no zeros the mask is output/input, entry by entry, whatever the layer calls its attribute.

Error analysis: the scaled mask 1/q (q = 1 − rate, itself rounded) and the product x·mask round
once each in the layer's dtype, and the recovery output/x once in float64, so a kept entry's
recovered mask·q is 1 within MASK_ULPS·u; the backward dvalue·mask then within MASK_ULPS·u·|dvalue·mask|
of dvalue times the recovered mask. Dropped entries are exactly 0.

The keep rate is a statistical property: on a dedicated array of KEEP_DRAWS entries, the kept count
k of a correct layer is Binomial(KEEP_DRAWS, q), and Hoeffding's inequality bounds
P(|k/N − q| ≥ t) ≤ 2·exp(−2N·t²). With t = KEEP_TOLERANCE that is below FALSE_FAILURE = 1e-15 per
example: over the whole catalogue's ≤ 10³ examples of it per run and 10⁶ runs (every seed anyone
will try), a false failure has probability below 1e-6. A rate used as the keep probability moves
k/N by |1 − 2·rate| (0.8 at rate 0.1), sixty times t; rate 0.5 cannot show it, by symmetry."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.catalogue.conventions import record_dtype
from backprop_spec.properties.catalogue.purity import check_untouched, snapshot
from backprop_spec.properties.catalogue.registry import context, prop
from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.inputs import strategies_book as B
from backprop_spec.properties.inputs.classify import allowed
from backprop_spec.properties.numerics import observations
from backprop_spec.properties.numerics.compare import check_close, check_within, fail, float64, passed
from backprop_spec.properties.numerics.tolerances import unit
from backprop_spec.properties.target.adapter import Adapter
from backprop_spec.symbolic import references_book as ref

DROPOUT = "Layer_Dropout"
MASK_ULPS = 8.0  # the mask's and the product's rounding, and the recovery's (module docstring)
KEEP_DRAWS = 100_000
FALSE_FAILURE = 1e-15
KEEP_TOLERANCE = math.sqrt(math.log(2 / FALSE_FAILURE) / (2 * KEEP_DRAWS))  # ≈ 0.0133


def _draw(data: st.DataObject) -> tuple[np.ndarray, np.ndarray, float, str]:
    dtype = data.draw(S.float_dtypes(), label="dtype")
    shape = (data.draw(S.batch_sizes(), label="n"), data.draw(S.sides, label="features"))
    x = data.draw(S.away_from_zero(shape, dtype), label="input")
    g = data.draw(S.moderate(shape, dtype), label="dvalue")
    rate = data.draw(st.sampled_from(B.DROP_RATES), label="rate")
    return x, g, rate, context(DROPOUT, n=shape[0], features=shape[1], dtype=str(dtype), rate=f"{rate:g}")


def recovered_mask(output: np.ndarray, x: np.ndarray) -> np.ndarray:
    """The mask the forward applied, output/input entrywise (the input has no zeros)."""
    return float64(output) / float64(x)


def _check_scaled(mask: np.ndarray, keep: float, dtype: np.dtype, output: np.ndarray, where: str) -> None:
    """Every entry 0 (dropped) or 1/keep (kept, scaled so that E[output] = input)."""
    kept = mask != 0
    allowed = MASK_ULPS * unit(dtype)
    check_within("output/input", mask[kept] * keep, 1 - allowed, 1 + allowed, got=output,
                 at=np.argwhere(kept), expected=f"0 or input/{keep:g} (the mask scaled by 1/(1 − rate))",
                 message=f"a kept entry of output/input is {mask[kept].tolist()}, but should be 1/(1 − rate)"
                         f" = {1 / keep:.17g}: the mask is not scaled by the keep probability [{where}]")


def _mask_attribute(stored: np.ndarray | None, mask: np.ndarray, keep: float) -> None:
    """Report how the layer keeps its mask (the book: binary_mask, already scaled)."""
    if stored is None or np.shape(stored) != mask.shape:
        observations.convention("Dropout's mask", "not kept under a known attribute name")
        return
    values = float64(stored)
    form = ("scaled by 1/(1 − rate), as the book's binary_mask" if np.allclose(values, mask, rtol=1e-6)
            else "0/1, scaled elsewhere" if np.allclose(values * (1 / keep), mask, rtol=1e-6)
            else "in another form")
    observations.convention("Dropout's mask", f"kept {form}")


@prop(DROPOUT, "symbolic")
def dropout_matches_the_mask_it_drew(target: Adapter, data: st.DataObject) -> None:
    """In training, output = input·mask with every mask entry 0 or 1/(1 − rate), and the backward
    is dvalue·∂(x·m)/∂x = dvalue·mask for that same mask (SymPy's), not a fresh draw's."""
    x, g, rate, where = _draw(data)
    result = target.dropout(x, g, rate=rate)
    record_dtype(DROPOUT, x.dtype, output=result.output, dinput=result.dinput)
    mask, keep = recovered_mask(result.output, x), 1 - rate
    _check_scaled(mask, keep, x.dtype, result.output, where)
    _mask_attribute(result.mask, mask, keep)
    check_close("dinput", result.dinput, ref.dropout_vjp(float64(x), mask, float64(g)),
                atol=MASK_ULPS * unit(x.dtype) * np.abs(float64(g) * mask), where=where,
                why="dvalue times the forward's own mask: a few roundings (module docstring)")


@prop(DROPOUT, "invariants")
def dropout_keeps_one_minus_rate(target: Adapter, data: st.DataObject) -> None:
    """On a dedicated array of 10⁵ ones, the fraction kept is 1 − rate within the binomial bound
    of the module docstring (false-failure probability ≤ 1e-15 per example)."""
    rate = data.draw(st.sampled_from(B.DROP_RATES), label="rate")
    ones = np.ones((KEEP_DRAWS // 500, 500))
    output = target.dropout(ones, rate=rate).output
    fraction = float(np.count_nonzero(output)) / KEEP_DRAWS
    where = context(DROPOUT, n=ones.shape[0], features=ones.shape[1], rate=f"{rate:g}")
    if abs(fraction - (1 - rate)) > KEEP_TOLERANCE:
        fail(f"kept fraction={fraction} of {KEEP_DRAWS} entries, but should be 1 − rate = {1 - rate:g} "
             f"within ±{KEEP_TOLERANCE:.3g} [{where}]\n  tolerance: Hoeffding's bound, false-failure "
             f"probability {FALSE_FAILURE:g} (module docstring)", "kept fraction", output, None,
             f"{1 - rate:g} ± {KEEP_TOLERANCE:.3g}", got_repr=repr(fraction),
             ratio=abs(fraction - (1 - rate)) / KEEP_TOLERANCE,
             statistic=f"float(np.count_nonzero({{got}})) / {KEEP_DRAWS}")
    passed(abs(fraction - (1 - rate)) / KEEP_TOLERANCE)


@prop(DROPOUT, "pitfalls")
def dropout_in_inference_is_the_identity(target: Adapter, data: st.DataObject) -> None:
    """With training=False, output = input and dinput = dvalue exactly: nothing dropped, nothing
    scaled (a layer whose forward has no training flag is skipped here; the property stands down
    while that input class is switched off)."""
    if not allowed("dropout_inference"):
        return
    x, g, rate, where = _draw(data)
    result = target.dropout(x, g, rate=rate, training=False)
    why = "the identity: exact in any dtype"
    check_close("output in inference", result.output, float64(x), atol=0.0, where=where, why=why)
    check_close("dinput in inference", result.dinput, float64(g), atol=0.0, where=where, why=why)


@prop(DROPOUT, "purity")
def dropout_leaves_its_arguments_alone(target: Adapter, data: st.DataObject) -> None:
    """Forward and backward leave input and dvalue as they were, and accept read-only ones."""
    x, g, rate, where = _draw(data)
    before = snapshot(x, g)
    target.dropout(x, g, rate=rate)
    check_untouched(before, (x, g), ("input", "dvalue"), where)
    if not allowed("layouts"):
        return  # read-only arguments are that class's
    frozen = [np.array(a, copy=True) for a in (x, g)]
    for array in frozen:
        array.flags.writeable = False
    target.dropout(*frozen, rate=rate)


PROPERTIES = [dropout_matches_the_mask_it_drew, dropout_keeps_one_minus_rate,
              dropout_in_inference_is_the_identity, dropout_leaves_its_arguments_alone]
