"""Argument checks shared by every layer: clear ValueError/TypeError messages that name the
argument and say what was expected and what was got, instead of numpy's own errors or silent
broadcasting. Nothing here writes into the caller's arrays."""

from __future__ import annotations

from typing import Any

import numpy as np

# float32 stays float32 and float64 stays float64; integer data is computed in float64.
_KEPT_FLOATS = (np.dtype(np.float32), np.dtype(np.float64))


def as_array(value: Any, name: str) -> np.ndarray:
    if isinstance(value, np.ndarray):
        return value
    try:
        return np.asarray(value)
    except (ValueError, TypeError) as err:  # ragged nested lists and the like
        raise TypeError(
            f"{name}: expected a numeric array; got {type(value).__name__} ({err})"
        ) from err


def compute_dtype(*dtypes: np.dtype) -> np.dtype:
    """float64 if any operand is float64 or not a float32, else float32."""
    return np.dtype(np.float32) if all(d == np.float32 for d in dtypes) else np.dtype(np.float64)


def real_data(value: Any, name: str) -> np.ndarray:
    """`value` as an array of a real float or integer dtype (float32/float64 kept, others to float64)."""
    array = as_array(value, name)
    kind = array.dtype.kind
    if kind not in "fiu" or array.dtype.itemsize > 8:
        raise TypeError(
            f"{name}: expected real numbers (float32, float64 or an integer dtype); "
            f"got dtype {array.dtype}"
        )
    if array.dtype in _KEPT_FLOATS:
        return array
    return array.astype(np.float64)


def matrix(value: Any, name: str, *, columns: int | None = None, what: str = "features") -> np.ndarray:
    """A non-empty 2-D real array (n, columns); `what` names the columns in the message."""
    array = real_data(value, name)
    if array.ndim != 2:
        hint = "; for one sample use x.reshape(1, -1)" if array.ndim == 1 else ""
        raise ValueError(
            f"{name}: expected a 2-D array of shape (n_samples, {columns if columns else what}); "
            f"got {array.ndim}-D shape {array.shape}{hint}"
        )
    if array.shape[0] == 0:
        raise ValueError(f"{name}: expected at least one sample; got an empty batch {array.shape}")
    if columns is not None and array.shape[1] != columns:
        raise ValueError(
            f"{name}: expected {columns} {what} per sample, shape (n, {columns}); got shape {array.shape}"
        )
    return array


def gradient(value: Any, name: str, expected_shape: tuple[int, ...]) -> np.ndarray:
    """The upstream gradient: same shape as the forward output."""
    array = real_data(value, name)
    if array.shape != expected_shape:
        raise ValueError(
            f"{name}: expected the shape of the forward output {expected_shape}; got {array.shape}"
        )
    return array


def forward_state(layer: object, attribute: str) -> np.ndarray:
    """What forward() saved; a clear error when backward() comes first."""
    saved = getattr(layer, attribute, None)
    if saved is None:
        raise ValueError(
            f"{type(layer).__name__}.backward(): called before forward(); "
            f"expected a saved '{attribute}', got none"
        )
    return saved


def probabilities(value: Any, name: str) -> np.ndarray:
    """Loss predictions: a 2-D array of values in [0, 1] (logits passed by mistake are caught)."""
    array = matrix(value, name, what="outputs")
    low, high = array.min(), array.max()
    if not (low >= 0 and high <= 1):  # written so that NaN fails too
        raise ValueError(
            f"{name}: expected probabilities in [0, 1]; got values in [{low}, {high}] "
            "(logits passed where probabilities belong?)"
        )
    return array


def per_output_labels(labels: np.ndarray, name: str, predictions: np.ndarray) -> np.ndarray:
    """Labels of the predictions' shape (n, k); (n,) is accepted for k = 1 and read as (n, 1)."""
    n, k = predictions.shape
    if labels.ndim == 1 and labels.shape[0] == n and k == 1:
        labels = labels.reshape(n, 1)
    if labels.shape != (n, k):
        expected = f"({n}, {k})" + (f" or ({n},)" if k == 1 else "")
        raise ValueError(f"{name}: expected labels of shape {expected} for y_pred {predictions.shape}; "
                         f"got {labels.shape}")
    return labels


def label_values(array: np.ndarray, name: str, dtype: np.dtype) -> np.ndarray:
    """Dense labels as floats of `dtype`, each in [0, 1]; bool and uint8 never wrap."""
    if array.dtype.kind not in "biuf" or array.dtype.itemsize > 8:
        raise TypeError(f"{name}: expected bool, integer or float labels; got dtype {array.dtype}")
    values = array.astype(dtype, copy=False)  # read only below and by the callers
    low, high = values.min(), values.max()
    if not (low >= 0 and high <= 1):
        raise ValueError(f"{name}: expected label values in [0, 1]; got values in [{low}, {high}]")
    return values


def class_indices(array: np.ndarray, name: str, n_classes: int) -> np.ndarray:
    """Sparse labels (n,) as int64 class indices in [0, n_classes)."""
    kind = array.dtype.kind
    if kind not in "biuf" or array.dtype.itemsize > 8:
        raise TypeError(f"{name}: expected integer class indices; got dtype {array.dtype}")
    if kind == "f":
        if not np.all(np.isfinite(array)) or np.any(array != np.round(array)):
            raise ValueError(f"{name}: expected integer class indices; got non-integer values")
    indices = array.astype(np.int64)
    low, high = int(indices.min()), int(indices.max())
    if low < 0 or high >= n_classes:
        raise ValueError(
            f"{name}: expected class indices in [0, {n_classes - 1}] for {n_classes} classes; "
            f"got values in [{low}, {high}]"
        )
    return indices
