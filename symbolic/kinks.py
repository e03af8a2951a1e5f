"""ReLU's kink at 0 as data for the properties (§二 ReLu); defined in spec.operations and
proved consistent by symbolic.proofs.prove_relu_kink."""

from spec.operations import (
    BOOK_AND_PYTORCH_RELU_AT_ZERO,
    NOTES_RELU_AT_ZERO,
    RELU_ONE_SIDED_AT_ZERO,
    RELU_SUBGRADIENT_INTERVAL,
    SYMPY_HEAVISIDE_AT_ZERO,
)

__all__ = [
    "BOOK_AND_PYTORCH_RELU_AT_ZERO",
    "NOTES_RELU_AT_ZERO",
    "RELU_ONE_SIDED_AT_ZERO",
    "RELU_SUBGRADIENT_INTERVAL",
    "SYMPY_HEAVISIDE_AT_ZERO",
]
