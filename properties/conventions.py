"""The conventions a target may choose (a choice, not a failure), named for the verdict report:
whether float32 stays float32, and which subgradient ReLU takes at its kink."""

from __future__ import annotations

from typing import Any

import numpy as np

from properties import verdict


def record_dtype(op: str, given: np.dtype, **results: Any) -> None:
    """Report whether float32 arguments give float32 results."""
    if given == np.float32:
        dtypes = {name: np.asarray(r).dtype for name, r in results.items()}
        choice = "float32 kept" if set(dtypes.values()) == {np.dtype(np.float32)} else \
            "float32 in: " + ", ".join(f"{name} {dtype}" for name, dtype in dtypes.items())
        verdict.convention(f"dtype of {op}", choice)


def subgradient_choice(ratio: np.ndarray) -> str:
    """Name the subgradient a target picked at ReLU's kink from dinput/dvalue there."""
    if np.all(ratio == 1):
        return "passes the gradient at 0 (derivative 1, the notes' mask input < 0)"
    if np.all(ratio == 0):
        return "blocks the gradient at 0 (derivative 0, like PyTorch and the book)"
    return f"takes values {sorted(set(np.round(ratio, 6).tolist()))} in [0, 1] at 0"
