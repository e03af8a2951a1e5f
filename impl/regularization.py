"""L1/L2 regularisation as in the book (ch. 14; not in the notes): the penalty's gradient that
Layer_Dense adds to dweight and dbias, and the Loss base class whose regularization_loss(layer)
is the penalty λ₁Σ|W| + λ₂ΣW² + λ₁ᵇΣ|b| + λ₂ᵇΣb² itself."""

from __future__ import annotations

import math

import numpy as np

from backprop_spec.impl import _checks

REGULARIZERS = ("weight_regularizer_l1", "weight_regularizer_l2",
                "bias_regularizer_l1", "bias_regularizer_l2")


def strength(value: object, name: str) -> float:
    """A regularisation strength: a finite real number ≥ 0 (bool is refused, not read as 0/1)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name}: expected a real number ≥ 0; got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name}: expected a finite real number ≥ 0; got {value}")
    return float(value)


def strengths(layer: object) -> dict[str, float]:
    """The four strengths a layer holds, each checked (they may be set after construction, as
    the book's users do); a TypeError naming what is missing when the layer has none."""
    missing = [name for name in REGULARIZERS if not hasattr(layer, name)]
    if missing:
        raise TypeError(f"layer: expected a Layer_Dense with {', '.join(missing)}; "
                        f"got {type(layer).__name__}")
    return {name: strength(getattr(layer, name), name) for name in REGULARIZERS}


def add_penalty_gradient(gradient: np.ndarray, parameter: np.ndarray, l1: float, l2: float) -> None:
    """gradient += λ₁·sign(parameter) + 2λ₂·parameter, in place. sign is the book's
    `dL1 = np.ones_like(W); dL1[W < 0] = -1`: 1 at exactly 0, one valid subgradient of |w| there."""
    if l1:
        gradient += np.where(parameter < 0, -l1, l1)
    if l2:
        gradient += 2 * l2 * parameter


class Loss:
    """Base of every loss class, as in the book: regularization_loss(layer) is the penalty that
    the layer's strengths put on its parameters, to be added to the mean data loss."""

    def regularization_loss(self, layer: object) -> float:
        """λ₁Σ|W| + λ₂ΣW·W + λ₁ᵇΣ|b| + λ₂ᵇΣb·b of a Layer_Dense (0.0 when every strength is 0)."""
        given = strengths(layer)
        total = 0.0
        for kind in ("weight", "bias"):
            if not hasattr(layer, kind):
                raise TypeError(f"layer: expected a Layer_Dense with {kind}; got {type(layer).__name__}")
            parameter = _checks.real_data(getattr(layer, kind), kind)
            l1, l2 = given[f"{kind}_regularizer_l1"], given[f"{kind}_regularizer_l2"]
            if l1:
                total += l1 * float(np.abs(parameter).sum())
            if l2:
                total += l2 * float(np.sum(parameter * parameter))
        return total
