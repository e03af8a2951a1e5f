"""The forwards' kinks as data for the properties: ReLU's at 0 (§二 ReLu; proved consistent by
symbolic.proofs.prove_relu_kink) and the clip bounds of CCE and BCE, defined in spec.operations;
the book's MAE at ŷ = y and L1 at w = 0 (symbolic.proofs_book), defined in spec.book_operations.
A finite-difference stencil must never straddle one (properties/numerics/vjp.py)."""

from backprop_spec.spec.book_operations import (
    BOOK_L1_SIGN_AT_ZERO,
    IMPL_MAE_AT_KINK,
    L1_ONE_SIDED_AT_ZERO,
    L1_SUBGRADIENT_INTERVAL,
    MAE_ONE_SIDED_AT_KINK,
    MAE_SUBGRADIENT_INTERVAL,
)
from backprop_spec.spec.operations import (
    BOOK_AND_PYTORCH_RELU_AT_ZERO,
    CLIP_EPSILON_RANGE,
    NOTES_RELU_AT_ZERO,
    RELU_ONE_SIDED_AT_ZERO,
    RELU_SUBGRADIENT_INTERVAL,
    SYMPY_HEAVISIDE_AT_ZERO,
)

__all__ = [
    "BOOK_AND_PYTORCH_RELU_AT_ZERO",
    "BOOK_L1_SIGN_AT_ZERO",
    "CLIP_EPSILON_RANGE",
    "CLIP_KINKS",
    "IMPL_MAE_AT_KINK",
    "L1_KINKS",
    "L1_ONE_SIDED_AT_ZERO",
    "L1_SUBGRADIENT_INTERVAL",
    "MAE_KINKS",
    "MAE_ONE_SIDED_AT_KINK",
    "MAE_SUBGRADIENT_INTERVAL",
    "NOTES_RELU_AT_ZERO",
    "RELU_KINKS",
    "RELU_ONE_SIDED_AT_ZERO",
    "RELU_SUBGRADIENT_INTERVAL",
    "SYMPY_HEAVISIDE_AT_ZERO",
]

RELU_KINKS = ((0.0, 0.0),)
# wherever in the convention range a target puts its clip ε, its kinks lie in these intervals
CLIP_KINKS = (CLIP_EPSILON_RANGE, (1 - CLIP_EPSILON_RANGE[1], 1 - CLIP_EPSILON_RANGE[0]))
# L1 regularisation: at 0 in each weight and bias entry; MAE: at 0 in ŷ − y, i.e. where ŷ = y
L1_KINKS = ((0.0, 0.0),)
MAE_KINKS = ((0.0, 0.0),)
