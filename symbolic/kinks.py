"""The forwards' kinks as data for the properties: ReLU's at 0 (§二 ReLu; proved consistent by
symbolic.proofs.prove_relu_kink) and the clip bounds of CCE and BCE, both defined in
spec.operations. A finite-difference stencil must never straddle one (properties/gradcheck.py)."""

from spec.operations import (
    BOOK_AND_PYTORCH_RELU_AT_ZERO,
    CLIP_EPSILON_RANGE,
    NOTES_RELU_AT_ZERO,
    RELU_ONE_SIDED_AT_ZERO,
    RELU_SUBGRADIENT_INTERVAL,
    SYMPY_HEAVISIDE_AT_ZERO,
)

__all__ = [
    "BOOK_AND_PYTORCH_RELU_AT_ZERO",
    "CLIP_EPSILON_RANGE",
    "CLIP_KINKS",
    "NOTES_RELU_AT_ZERO",
    "RELU_KINKS",
    "RELU_ONE_SIDED_AT_ZERO",
    "RELU_SUBGRADIENT_INTERVAL",
    "SYMPY_HEAVISIDE_AT_ZERO",
]

RELU_KINKS = ((0.0, 0.0),)
# wherever in the convention range a target puts its clip ε, its kinks lie in these intervals
CLIP_KINKS = (CLIP_EPSILON_RANGE, (1 - CLIP_EPSILON_RANGE[1], 1 - CLIP_EPSILON_RANGE[0]))
