"""The memory layout of an array argument (Fortran order, every k-th entry of a wider array,
read-only): kept in the target's log and rebuilt by a replay, since a bug may live in one layout."""

from __future__ import annotations

from typing import Any

import numpy as np


def kept(value: Any) -> Any:
    """A copy of an argument in its own memory layout: Fortran order, a view with a step along
    its last axis, read-only — what a replay must rebuild, not only the values and dtype."""
    if not isinstance(value, np.ndarray):
        return value
    step = last_axis_step(value)
    if step is None:
        copy = value.copy(order="K")
    else:
        wide = np.zeros((*value.shape[:-1], step * value.shape[-1]), value.dtype)
        copy = wide[..., ::step]
        copy[...] = value
    copy.flags.writeable = value.flags.writeable
    return copy


def last_axis_step(array: np.ndarray) -> int | None:
    """k when `array` is every k-th entry (k ≥ 2) along the last axis of a C-ordered array, else
    None (contiguous in C or Fortran order, or strided some other way)."""
    if array.ndim == 0 or array.flags.c_contiguous or array.flags.f_contiguous or array.itemsize == 0:
        return None
    step, rest = divmod(array.strides[-1], array.itemsize)
    if step < 2 or rest:
        return None
    wide_strides: list[int] = []
    span = array.itemsize * step * array.shape[-1]
    for size in reversed(array.shape[:-1]):
        wide_strides.insert(0, span)
        span *= size
    return step if tuple(wide_strides) == array.strides[:-1] else None
