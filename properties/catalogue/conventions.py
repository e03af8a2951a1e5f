"""The conventions a target may choose (a choice, not a failure), named for the verdict report:
whether float32 stays float32, which subgradient ReLU takes at its kink, and whether an identity
(the book's Linear) returns its argument itself or a copy."""

from __future__ import annotations

from typing import Any

import numpy as np

from backprop_spec.properties.numerics import observations


def record_dtype(op: str, given: np.dtype, **results: Any) -> None:
    """Report whether float32 arguments give float32 results."""
    if given == np.float32:
        dtypes = {name: np.asarray(r).dtype for name, r in results.items()}
        choice = "float32 kept" if set(dtypes.values()) == {np.dtype(np.float32)} else \
            "float32 in: " + ", ".join(f"{name} {dtype}" for name, dtype in dtypes.items())
        observations.convention(f"dtype of {op}", choice)


def subgradient_choice(ratio: np.ndarray) -> str:
    """Name the subgradient a target picked at ReLU's kink from dinput/dvalue there."""
    if np.all(ratio == 1):
        return "passes the gradient at 0 (derivative 1, the notes' mask input < 0)"
    if np.all(ratio == 0):
        return "blocks the gradient at 0 (derivative 0, like PyTorch and the book)"
    return f"takes values {sorted(set(np.round(ratio, 6).tolist()))} in [0, 1] at 0"


def record_sharing(op: str, **pairs: tuple[Any, Any]) -> None:
    """Report which results (name → (result, argument)) are the argument itself rather than a
    copy: harmless unless something writes into them, which the purity checks catch."""
    shared = [name for name, (result, given) in pairs.items() if np.shares_memory(result, given)]
    observations.convention(f"results of {op}", f"{' and '.join(shared)} the argument itself" if shared
                       else "copies of their arguments")
