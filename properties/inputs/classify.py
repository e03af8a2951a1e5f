"""The input classes (spec/input_classes.py) as a running example meets them: which classes are
switched off (`--without`, and the diagnosis's searches), what each argument the adapter passes
belongs to — recorded as the example's classes, and an example of a switched-off class rejected —
and the strategies' question `allowed(key)`."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

import numpy as np
from hypothesis import currently_in_test_context, reject

from backprop_spec.properties.outcomes import NotApplicable

EXTREME = 50.0  # |x| beyond this is "large magnitude" (spec/input_classes.py, ORDINARY)
CLIP_EDGE = 1e-7  # predictions within this of 0 or 1 are at the clip bounds
ROW_SUM = 1e-9  # a soft row normalised in float64 sums to 1 within a few ulps; farther is free

_base: frozenset[str] = frozenset()  # --without, for the whole run
_off: contextvars.ContextVar[frozenset[str] | None] = contextvars.ContextVar("off", default=None)
_seen: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("seen", default=None)
_probing: contextvars.ContextVar[bool] = contextvars.ContextVar("probing", default=False)


def switched_off_now() -> frozenset[str]:
    """The classes switched off: a diagnosis's search's, else the run's (--without)."""
    off = _off.get()
    return _base if off is None else off


def allowed(key: str) -> bool:
    """Whether inputs of this class may be drawn (every class, unless switched off)."""
    return key not in switched_off_now()


def set_off(keys: frozenset[str]) -> None:
    """Switch these classes off for the whole run (the plugin's --without)."""
    global _base
    _base = frozenset(keys)


@contextlib.contextmanager
def switched_off(keys: frozenset[str]) -> Iterator[None]:
    """Switch these classes off (and only these) for the duration: a diagnosis's search."""
    token = _off.set(frozenset(keys))
    try:
        yield
    finally:
        _off.reset(token)


@contextlib.contextmanager
def probing() -> Iterator[None]:
    """The suite's own probe of a convention (the clip at ŷ = 0): its fixed arguments belong to
    no example, so they are neither recorded nor rejected."""
    token = _probing.set(True)
    try:
        yield
    finally:
        _probing.reset(token)


def new_example() -> None:
    """A new example starts: it has met no class yet."""
    _seen.set(set())


def seen() -> frozenset[str]:
    """The classes the running example's arguments belonged to."""
    return frozenset(_seen.get() or ())


def meet(*keys: str) -> None:
    """The example passes an argument of these classes: record them; reject the example (skip a
    fixed case) when one is switched off."""
    if _probing.get():
        return
    record = _seen.get()
    if record is not None:
        record.update(keys)
    off = sorted(set(keys) & switched_off_now())
    if off:
        if currently_in_test_context():
            reject()
        raise NotApplicable(f"input class {off[0]} is switched off (--without)")


def _layout_and_dtype(*arrays: Any) -> list[str]:
    keys = []
    for array in (a for a in arrays if isinstance(a, np.ndarray)):
        if array.dtype == np.float32:
            keys.append("float32")
        if array.ndim and (not array.flags.c_contiguous or not array.flags.writeable):
            keys.append("layouts")
    return keys


def _batch(array: Any) -> list[str]:
    shape = np.shape(array)
    return ["one_sample"] if shape and shape[0] == 1 else []


def batch_arguments(values: Any, *others: Any, classes_axis: bool = False,
                    extreme: bool = False, kink: bool = False) -> None:
    """A forward's input (or a backward's dvalue, in `others`): its batch, dtype, layout; the
    class count (softmax, CCE, fused), its magnitude (softmax, sigmoid, fused), exact zeros (ReLU)."""
    keys = _layout_and_dtype(values, *others) + _batch(values)
    array = np.asarray(values)
    if classes_axis and array.ndim == 2 and array.shape[1] == 1:
        keys.append("one_class")
    finite = array[np.isfinite(array)] if array.dtype.kind == "f" else array
    if extreme and finite.size and np.max(np.abs(finite)) > EXTREME:
        keys.append("extreme_values")
    if kink and (array == 0).any():
        keys.append("kink_inputs")
    meet(*keys)


def dvalue(value: Any) -> None:
    """A backward's upstream gradient: an integer one is its own class."""
    if np.asarray(value).dtype.kind in "biu":
        meet("integer_dvalue")


def predictions(y_pred: Any) -> None:
    """A loss's predictions: at or beyond the clip bounds?"""
    array = np.asarray(y_pred, dtype=np.float64)
    if ((array < CLIP_EDGE) | (array > 1 - CLIP_EDGE)).any():
        meet("clip_edges")


def label_dtype_classes(dtype: np.dtype, indices: bool) -> list[str]:
    """The classes of labels of this dtype: class `indices`, or one-hot / binary rows."""
    kind = np.dtype(dtype).kind
    if kind == "b":
        return ["bool_labels"]
    if kind == "u":
        return ["unsigned_labels"]
    if kind == "i" and (not indices or dtype != np.int64):
        return ["integer_labels"]
    return []


def categorical_labels(y_true: Any, classes: int) -> None:
    """CCE (or fused) labels for `classes` classes: sparse (n,) / (n, 1), one-hot, soft."""
    labels = np.asarray(y_true)
    indices = labels.ndim == 1 or (labels.ndim == 2 and labels.shape[1] == 1 and classes > 1)
    keys = label_dtype_classes(labels.dtype, indices)
    if indices and labels.ndim == 2:
        keys.append("sparse_column")
    if not indices and labels.dtype.kind == "f" and labels.size:
        if labels.ndim == 2 and np.abs(labels.sum(axis=1) - 1).max() > ROW_SUM:
            keys.append("unnormalised_labels")  # rather than soft: each class on its own
        elif not np.isin(labels, (0.0, 1.0)).all():
            keys.append("soft_labels")
    meet(*keys)


def binary_labels(y_true: Any) -> None:
    """BCE labels: (n,) for one output, hard or soft."""
    labels = np.asarray(y_true)
    keys = label_dtype_classes(labels.dtype, indices=False)
    if labels.ndim == 1:
        keys.append("flat_binary")
    if labels.dtype.kind == "f" and not np.isin(labels, (0.0, 1.0)).all():
        keys.append("soft_labels")
    meet(*keys)


def regression_labels(y_true: Any, y_pred: Any, kink: bool) -> None:
    """MSE or MAE labels: their dtype, (n,) for one output, and (`kink`: MAE) any equal to ŷ."""
    labels = np.asarray(y_true)
    keys = label_dtype_classes(labels.dtype, indices=False)
    if labels.ndim == 1:
        keys.append("flat_regression")
    if kink and labels.size and (labels.reshape(np.shape(y_pred)) == np.asarray(y_pred)).any():
        keys.append("mae_kink")
    meet(*keys)


def dropout_mode(training: bool) -> None:
    """A Dropout forward in inference is its own class; training is ordinary."""
    if not training:
        meet("dropout_inference")


def regularizers(strengths: dict[str, float], weight: Any, bias: Any) -> None:
    """A Dense's regularisation strengths: each term > 0 is its class ("weight_l1", "bias_l2", …);
    a parameter of exactly 0 under its L1 term meets L1's kink."""
    keys = [key for key, value in strengths.items() if value > 0]
    for kind, values in (("weight", weight), ("bias", bias)):
        if strengths.get(f"{kind}_l1", 0) > 0 and (np.asarray(values) == 0).any():
            keys.append("l1_kink")
    meet(*keys)


def reused() -> None:
    """An object is called with a second batch."""
    meet("reused_objects")


def kept(value: Any) -> Any:
    """A result as the suite keeps it: the target's own array, or — when `in_place` is switched
    off — a copy, so that no later write into it (a reused buffer) reaches the suite."""
    if allowed("in_place") or not isinstance(value, np.ndarray):
        return value
    return value.copy()


def given_to_the_target(value: Any) -> Any:
    """The array the target receives: the caller's own, or — when `in_place` is switched off — a
    copy in the same layout, so that no write into it reaches the caller."""
    if allowed("in_place") or not isinstance(value, np.ndarray):
        return value
    copy = np.array(value, copy=True, order="K")
    if not value.flags.c_contiguous and not value.flags.f_contiguous and value.ndim:
        wide = np.zeros((*value.shape[:-1], 2 * value.shape[-1]), value.dtype)
        wide[..., ::2] = value
        copy = wide[..., ::2]
    copy.flags.writeable = value.flags.writeable
    return copy

