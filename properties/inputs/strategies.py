"""Hypothesis strategies for the shapes, values, dtypes, memory layouts and label encodings that
break hand-written backprop: n = 1, batch ≠ features ≠ classes, c = 1 and 2, uint8/bool labels,
(n,) vs (n,1) label shapes, predictions at the clip bounds, logits of ±1e3 and beyond.
Each input class (spec/input_classes.py) is drawn only while it is allowed (a diagnosis
switches classes off); with every class allowed, the draws are what they were before classes existed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from backprop_spec.properties.inputs.classify import allowed, label_dtype_classes

MAX_SIDE = 6  # batch, features, neurons; small sides keep numeric differentiation cheap
MAX_CLASSES = 8  # within symbolic/'s derivation bound
FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))
# the pitfalls first: Hypothesis draws a sampled_from's first elements most often
INTEGER_LABEL_DTYPES = tuple(np.dtype(t) for t in (np.uint8, np.int8, np.int16, np.int32,
                                                   np.int64, np.uint16, np.uint32, np.uint64))
ONE_HOT_DTYPES = tuple(np.dtype(t) for t in (bool, np.uint8, np.int32, np.int64, np.float32,
                                             np.float64))
CLIP = 1e-7

sides = st.integers(1, MAX_SIDE)  # features, neurons, outputs: any width is ordinary


def float_dtypes() -> st.SearchStrategy[np.dtype]:
    """float64, and float32 while allowed."""
    return st.sampled_from(FLOAT_DTYPES if allowed("float32") else FLOAT_DTYPES[:1])


def _counts(high: int, key: str) -> st.SearchStrategy[int]:
    """1..high, or 2..high while the class `key` is switched off."""
    return st.integers(1 if allowed(key) else 2, high)


def batch_sizes() -> st.SearchStrategy[int]:
    """n: 1..MAX_SIDE (2.. while a batch of one is switched off)."""
    return _counts(MAX_SIDE, "one_sample")


def class_counts() -> st.SearchStrategy[int]:
    """c for softmax, CCE and the fused class: 1..MAX_CLASSES (2.. while one class is off)."""
    return _counts(MAX_CLASSES, "one_class")


def _label_dtypes(dtypes: tuple[np.dtype, ...], indices: bool) -> st.SearchStrategy[np.dtype]:
    return st.sampled_from([d for d in dtypes
                            if all(allowed(k) for k in label_dtype_classes(d, indices))])


def index_dtypes() -> st.SearchStrategy[np.dtype]:
    """The dtype of sparse class indices: int64, or another integer dtype while allowed."""
    return _label_dtypes(INTEGER_LABEL_DTYPES, indices=True)


def _flag(key: str) -> st.SearchStrategy[bool]:
    """False (ordinary), or True as well while the class `key` is allowed."""
    return st.booleans() if allowed(key) else st.just(False)


def floats(dtype: np.dtype, low: float, high: float) -> st.SearchStrategy[float]:
    """Finite floats in [low, high] representable in `dtype` (no subnormals); bounds that `dtype`
    cannot represent move inwards to the nearest value it can."""
    kind = np.dtype(dtype).type
    lo, hi = kind(low), kind(high)
    lo = np.nextafter(lo, kind(np.inf)) if lo < low else lo
    hi = np.nextafter(hi, kind(-np.inf)) if hi > high else hi
    return hnp.from_dtype(np.dtype(dtype), min_value=float(lo), max_value=float(hi),
                          allow_nan=False, allow_infinity=False, allow_subnormal=False)


def moderate(shape: tuple[int, ...], dtype: np.dtype = FLOAT_DTYPES[0],
             bound: float = 4.0) -> st.SearchStrategy[np.ndarray]:
    """Values where gradients are well conditioned; exact zeros and repeats occur naturally."""
    return hnp.arrays(dtype, shape, elements=floats(dtype, -bound, bound))


def away_from_zero(shape: tuple[int, ...], dtype: np.dtype = FLOAT_DTYPES[0],
                   margin: float = 1e-3, bound: float = 4.0) -> st.SearchStrategy[np.ndarray]:
    """Values with |x| ≥ margin: smooth points of ReLU, where differences do not cross the kink."""
    magnitude = floats(dtype, margin, bound)
    element = st.tuples(st.booleans(), magnitude).map(lambda t: -t[1] if t[0] else t[1])
    return hnp.arrays(dtype, shape, elements=element)


def with_exact_zeros(shape: tuple[int, ...],
                     dtype: np.dtype = FLOAT_DTYPES[0]) -> st.SearchStrategy[np.ndarray]:
    """Arrays with at least one exact 0 (ReLU's kink) among values away from it."""
    if not allowed("kink_inputs"):
        return away_from_zero(shape, dtype)
    def plant(data: tuple[np.ndarray, int]) -> np.ndarray:
        values, where = data
        values = values.copy()
        values.flat[where % values.size] = 0
        return values
    return st.tuples(away_from_zero(shape, dtype), st.integers(0, 10**6)).map(plant)


def logits(shape: tuple[int, ...], dtype: np.dtype = FLOAT_DTYPES[0]) -> st.SearchStrategy:
    """Logits at every scale: moderate, ±1e3 (softmax outputs that underflow to exactly 0), and
    up to the dtype's largest finite value."""
    largest = float(np.finfo(dtype).max)
    scales = st.sampled_from([4.0, 50.0, 1e3, 1e5, largest] if allowed("extreme_values") else [4.0, 50.0])
    return scales.flatmap(lambda s: hnp.arrays(dtype, shape, elements=floats(dtype, -s, s)))


def probabilities(shape: tuple[int, ...], dtype: np.dtype = FLOAT_DTYPES[0],
                  margin: float = 1e-3) -> st.SearchStrategy[np.ndarray]:
    """Predictions in [margin, 1 − margin]: well inside the clip bounds, so the clip is the
    identity on a whole neighbourhood and the losses are smooth there."""
    return hnp.arrays(dtype, shape, elements=floats(dtype, margin, 1 - margin))


def with_clip_edges(shape: tuple[int, ...],
                    dtype: np.dtype = FLOAT_DTYPES[0]) -> st.SearchStrategy[np.ndarray]:
    """Predictions well inside the clip bounds mixed with exactly 0 and 1 and values just past
    the bounds: the only entries a loss that clips the caller's array in place would change."""
    if not allowed("clip_edges"):
        return probabilities(shape, dtype)
    kind = np.dtype(dtype).type
    edges = st.sampled_from([0.0, CLIP / 2, 1 - CLIP / 2, 1.0]).map(lambda e: float(kind(e)))
    return hnp.arrays(dtype, shape, elements=st.one_of(floats(dtype, 1e-3, 1 - 1e-3), edges))


def near_clip_bounds(shape: tuple[int, ...]) -> st.SearchStrategy[np.ndarray]:
    """float64 predictions at, just inside and just outside the clip bounds, and exactly 0 and 1."""
    if not allowed("clip_edges"):
        return probabilities(shape)
    edges = [0.0, CLIP / 2, CLIP, 2 * CLIP, 0.5, 1 - 2 * CLIP, 1 - CLIP, 1 - CLIP / 2, 1.0]
    return hnp.arrays(np.float64, shape, elements=st.sampled_from(edges))


@dataclass(frozen=True)
class Labels:
    """Labels as handed to the target (`given`) and as float64 (n, c) rows for the references."""

    given: np.ndarray
    dense: np.ndarray
    encoding: str

    def rounding(self, dtype: np.dtype) -> np.ndarray:
        """How far each label moves if a target computing in `dtype` rounds it to that dtype
        (right, as is keeping it in float64): tolerances widen by its effect."""
        return np.abs(self.dense - self.dense.astype(dtype).astype(np.float64))


def sparse_labels(n: int, c: int) -> st.SearchStrategy[Labels]:
    """Class indices in every integer dtype (uint8 included), shaped (n,) or (n, 1). For c = 1 only
    (n,): an (n, 1) column is then ambiguous between sparse and one-hot (spec's edge cases)."""
    def build(args: tuple[np.ndarray, np.dtype, bool]) -> Labels:
        indices, dtype, column = args
        column = column and c > 1
        given = indices.astype(dtype).reshape((n, 1) if column else (n,))
        shape = "(n,1)" if column else "(n,)"
        return Labels(given, np.eye(c)[indices], f"sparse {shape} {dtype}")
    indices = hnp.arrays(np.int64, (n,), elements=st.integers(0, c - 1))
    return st.tuples(indices, index_dtypes(), _flag("sparse_column")).map(build)


def one_hot_labels(n: int, c: int) -> st.SearchStrategy[Labels]:
    """One-hot rows as bool, uint8, int, float32 or float64 (for c = 1, sparse (n,) instead: an
    (n, 1) one-hot column is indistinguishable from sparse (n, 1) labels)."""
    if c == 1:
        return sparse_labels(n, c)
    def build(args: tuple[np.ndarray, np.dtype]) -> Labels:
        indices, dtype = args
        dense = np.eye(c)[indices]
        return Labels(dense.astype(dtype), dense, f"one-hot {dtype}")
    indices = hnp.arrays(np.int64, (n,), elements=st.integers(0, c - 1))
    return st.tuples(indices, _label_dtypes(ONE_HOT_DTYPES, indices=False)).map(build)


def soft_labels(n: int, c: int, normalised: bool = True) -> st.SearchStrategy[Labels]:
    """Soft label rows in [0, 1]: summing to 1, or (normalised=False) not; c ≥ 2 (see one-hot)."""
    if c == 1:
        return sparse_labels(n, c)
    values = hnp.arrays(np.float64, (n, c), elements=floats(np.dtype(np.float64), 0.0, 1.0))

    def build(raw: np.ndarray) -> Labels:
        if normalised:
            raw = raw + 1e-3  # no all-zero row
            raw = raw / raw.sum(axis=1, keepdims=True)
        return Labels(raw, raw, "soft, rows sum to 1" if normalised else "soft, free rows")
    return values.map(build)


def hard_categorical_labels(n: int, c: int) -> st.SearchStrategy[Labels]:
    """Sparse or one-hot labels in every dtype."""
    return st.one_of(sparse_labels(n, c), one_hot_labels(n, c))


def categorical_labels(n: int, c: int) -> st.SearchStrategy[Labels]:
    """Any CCE label encoding: sparse, one-hot or soft (while allowed)."""
    soft = [soft_labels(n, c)] if allowed("soft_labels") else []
    free = [soft_labels(n, c, normalised=False)] if allowed("unnormalised_labels") else []
    return st.one_of(sparse_labels(n, c), one_hot_labels(n, c), *soft, *free)


def binary_labels(n: int, k: int) -> st.SearchStrategy[Labels]:
    """BCE labels (n, k), hard in every dtype or soft; for k = 1 also (n,) — the notes' pitfall."""
    hard = st.tuples(hnp.arrays(np.int64, (n, k), elements=st.integers(0, 1)),
                     _label_dtypes(ONE_HOT_DTYPES, indices=False))
    soft = hnp.arrays(np.float64, (n, k), elements=floats(np.dtype(np.float64), 0.0, 1.0))
    encoded = st.one_of(hard.map(lambda t: (t[0].astype(t[1]), f"hard {t[1]}")),
                        *[soft.map(lambda a: (a, "soft float64"))] if allowed("soft_labels") else [])

    def build(args: tuple[tuple[np.ndarray, str], bool]) -> Labels:
        (given, encoding), flat = args
        dense = given.astype(np.float64)
        if flat and k == 1:
            return Labels(given.reshape(n), dense, f"{encoding} shaped (n,)")
        return Labels(given, dense, f"{encoding} shaped (n,k)")
    return st.tuples(encoded, _flag("flat_binary")).map(build)


LAYOUTS = ("C-contiguous", "Fortran", "strided", "read-only")


def in_layout(array: np.ndarray, layout: str) -> np.ndarray:
    """The same values in another memory layout: Fortran order, a strided view, or read-only."""
    if layout == "Fortran":
        return np.asfortranarray(array)
    if layout == "strided":
        wide = np.zeros((*array.shape[:-1], 2 * array.shape[-1]), array.dtype)
        wide[..., ::2] = array
        return wide[..., ::2]
    if layout == "read-only":
        frozen = array.copy()
        frozen.flags.writeable = False
        return frozen
    return np.ascontiguousarray(array)
