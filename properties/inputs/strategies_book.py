"""Hypothesis strategies for the book's layers beyond the notes: regression labels in every
encoding a learner passes (float (n, J), integer dtypes, (n,) for one output) with predictions a
drawn distance from them (away from MAE's kink, or exactly on it), Dropout rates, and Dense
regularisation strengths. Each input class is drawn only while it is allowed."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from backprop_spec.properties.inputs import strategies as S
from backprop_spec.properties.inputs.classify import allowed, label_dtype_classes

LABEL_BOUND = 4.0  # labels and predictions in [−4, 4]: the suite's moderate values
KINK_MARGIN = 1e-3  # off-kink draws keep |y − ŷ| ≥ this, far beyond any difference step
INTEGER_DTYPES = tuple(np.dtype(t) for t in (np.int64, np.int32, np.int8, np.uint8, np.uint16))
STRENGTHS = (1e-4, 5e-4, 1e-2, 0.5)  # the book's 5e-4 and 5e-5 range, and larger
DROP_RATES = (0.1, 0.2, 0.5, 0.75)


def _integer_dtypes() -> list[np.dtype]:
    return [d for d in INTEGER_DTYPES if all(allowed(k) for k in label_dtype_classes(d, False))]


def regression_labels(n: int, outputs: int, dtype: np.dtype) -> st.SearchStrategy[S.Labels]:
    """Float labels representable in `dtype` (so ŷ may equal them exactly), shaped (n, J); or
    small integers in an integer dtype (unsigned: ≥ 0); for J = 1 also shaped (n,)."""
    floats = hnp.arrays(np.float64, (n, outputs), elements=S.floats(dtype, -LABEL_BOUND, LABEL_BOUND))
    encoded = [floats.map(lambda a: (a, "float64"))]
    integer_dtypes = _integer_dtypes()
    if integer_dtypes:
        def cast(args: tuple[np.ndarray, np.dtype]) -> tuple[np.ndarray, str]:
            values, kind = args
            return (np.abs(values) if kind.kind == "u" else values).astype(kind), str(kind)
        small = hnp.arrays(np.int64, (n, outputs), elements=st.integers(-4, 4))
        encoded.append(st.tuples(small, st.sampled_from(integer_dtypes)).map(cast))
    flat = st.booleans() if allowed("flat_regression") and outputs == 1 else st.just(False)

    def build(args: tuple[tuple[np.ndarray, str], bool]) -> S.Labels:
        (given, encoding), as_vector = args
        dense = given.astype(np.float64)
        if as_vector:
            return S.Labels(given.reshape(n), dense, f"{encoding} shaped (n,)")
        return S.Labels(given, dense, f"{encoding} shaped (n,J)")
    return st.tuples(st.one_of(*encoded), flat).map(build)


def predictions_near(labels: S.Labels, dtype: np.dtype, on_kink: bool) -> st.SearchStrategy[np.ndarray]:
    """ŷ = y − d in `dtype`, |d| in [KINK_MARGIN, 4] (rounding keeps it ≥ 0.9·KINK_MARGIN); with
    `on_kink` (while MAE's kink is allowed) at least one entry has d = 0, ŷ = y exactly."""
    shape = labels.dense.shape
    offsets = S.away_from_zero(shape, np.dtype(np.float64), margin=KINK_MARGIN)

    def predict(args: tuple[np.ndarray, int]) -> np.ndarray:
        d, where = args
        if on_kink and allowed("mae_kink"):
            d = d.copy()
            d.flat[where % d.size] = 0.0
        return (labels.dense - d).astype(dtype)
    return st.tuples(offsets, st.integers(0, 10**6)).map(predict)


def strengths(*terms: str) -> st.SearchStrategy[dict[str, float]]:
    """Regularisation strengths for these terms ("weight_l1", …): 0 or > 0 while its class is
    allowed (0 otherwise). 0 first, so a failing example shrinks to the terms that matter."""
    return st.fixed_dictionaries({term: st.sampled_from((0.0, *STRENGTHS)) if allowed(term)
                                  else st.just(0.0) for term in terms})


def with_l1_kinks(shape: tuple[int, ...], dtype: np.dtype) -> st.SearchStrategy[np.ndarray]:
    """Parameters away from 0 with one entry exactly 0 (L1's kink) while that class is allowed."""
    if not allowed("l1_kink"):
        return S.away_from_zero(shape, dtype)

    def plant(args: tuple[np.ndarray, int]) -> np.ndarray:
        values, where = args
        values = values.copy()
        values.flat[where % values.size] = 0
        return values
    return st.tuples(S.away_from_zero(shape, dtype), st.integers(0, 10**6)).map(plant)
