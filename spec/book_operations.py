"""The book's operations beyond the notes (Linear, MSE, MAE, Dropout, L1/L2 regularisation): each
forward as a SymPy builder, the one source of truth symbolic/ differentiates, and the book's
closed-form gradient. The notes do not cover them; every record cites the book's chapter.

Conventions as in spec.operations: losses are per-sample means over the J outputs, averaged
over the batch of n (the book divides by `outputs` and by `samples`).
"""

from __future__ import annotations

import sympy as sp

from backprop_spec.spec.operations import Gradient, Row
from backprop_spec.spec.records import DROPOUT, LINEAR, MAE, MSE, REGULARIZATION

# MAE's kink at ŷ = y, in units of 1/(J·n): the one-sided derivatives of |y − ŷ| in ŷ, and the
# subgradient interval between them. impl/ takes np.sign(0) = 0 there, inside the interval.
MAE_ONE_SIDED_AT_KINK = {"left": -1, "right": 1}
MAE_SUBGRADIENT_INTERVAL = (-1, 1)
IMPL_MAE_AT_KINK = 0

# L1's kink at w = 0, in units of λ₁: one-sided derivatives of |w|, the subgradient interval, and
# the book's choice `dL1 = np.ones_like(W); dL1[W < 0] = -1` (sign taken as 1 at 0), which impl/ keeps.
L1_ONE_SIDED_AT_ZERO = {"left": -1, "right": 1}
L1_SUBGRADIENT_INTERVAL = (-1, 1)
BOOK_L1_SIGN_AT_ZERO = 1


# --- Activation_Linear (ch. 17) ---------------------------------------------------------------


def linear(x: sp.Expr) -> sp.Expr:
    """y = x: the regression output activation."""
    return x


def linear_closed_form(x: sp.Expr) -> sp.Expr:
    """dy/dx = 1; the book's backward is dinputs = dvalues.copy()."""
    return sp.Integer(1)


# --- Loss_MeanSquaredError and Loss_MeanAbsoluteError (ch. 17) ---------------------------------


def mse_sample_loss(y_pred: Row, y: Row) -> sp.Expr:
    """L_i = (1/J) Σ_j (y_ij − ŷ_ij)²."""
    return sp.Add(*((t - p) ** 2 for p, t in zip(y_pred, y, strict=True))) / len(y_pred)


def mse_closed_form(y_pred: sp.Expr, y: sp.Expr, outputs: sp.Expr, n: sp.Expr) -> sp.Expr:
    """∂(mean loss)/∂ŷ_ij = −2(y − ŷ)/J/n, the book's `-2 * (y_true - dvalues) / outputs / samples`."""
    return -2 * (y - y_pred) / outputs / n


def mae_sample_loss(y_pred: Row, y: Row) -> sp.Expr:
    """L_i = (1/J) Σ_j |y_ij − ŷ_ij|."""
    return sp.Add(*(sp.Abs(t - p) for p, t in zip(y_pred, y, strict=True))) / len(y_pred)


def mae_closed_form(y_pred: sp.Expr, y: sp.Expr, outputs: sp.Expr, n: sp.Expr) -> sp.Expr:
    """∂(mean loss)/∂ŷ_ij = −sign(y − ŷ)/J/n for ŷ ≠ y (d|u|/du = sign u, du/dŷ = −1)."""
    return -sp.sign(y - y_pred) / outputs / n


def book_mae_backward(y_pred: sp.Expr, y: sp.Expr, outputs: sp.Expr, n: sp.Expr) -> sp.Expr:
    """What the book's MAE backward computes, `np.sign(y_true - dvalues) / outputs / samples`:
    the closed form with its sign lost (an erratum of the book, spec.errata)."""
    return sp.sign(y - y_pred) / outputs / n


# --- Layer_Dropout (ch. 15) -----------------------------------------------------------------------


def dropout_mask(kept: sp.Expr, keep: sp.Expr) -> sp.Expr:
    """One entry of the scaled mask, the book's binary_mask: Bernoulli(keep) draw `kept` ∈ {0, 1}
    divided by the keep probability (the book's self.rate = 1 − rate)."""
    return kept / keep


def dropout_forward(x: sp.Expr, mask: sp.Expr) -> sp.Expr:
    """Training: output = input · mask, entrywise, the mask given (drawn once per forward)."""
    return x * mask


def dropout_inference(x: sp.Expr) -> sp.Expr:
    """Inference (training=False): the identity."""
    return x


def dropout_closed_form(mask: sp.Expr) -> sp.Expr:
    """∂output/∂input = mask, entrywise: the backward is dvalues · the forward's own mask."""
    return mask


# --- L1/L2 regularisation in Layer_Dense (ch. 14) ---------------------------------------------


def regularization_penalty(W: sp.Matrix, bias: sp.Matrix, l1_weight: sp.Expr, l2_weight: sp.Expr,
                           l1_bias: sp.Expr, l2_bias: sp.Expr) -> sp.Expr:
    """λ₁Σ|W| + λ₂ΣW² + λ₁ᵇΣ|b| + λ₂ᵇΣb², the book's regularization_loss, added to the data loss."""
    def penalty(values: sp.Matrix, l1: sp.Expr, l2: sp.Expr) -> sp.Expr:
        return l1 * sp.Add(*(sp.Abs(v) for v in values)) + l2 * sp.Add(*(v * v for v in values))
    return penalty(W, l1_weight, l2_weight) + penalty(bias, l1_bias, l2_bias)


def regularization_closed_form(parameter: sp.Expr, l1: sp.Expr, l2: sp.Expr) -> sp.Expr:
    """What the book adds to dweights (dbiases) per entry, w ≠ 0: λ₁·sign(w) + 2λ₂·w."""
    return l1 * sp.sign(parameter) + 2 * l2 * parameter


BOOK_GRADIENTS = (
    Gradient("Linear", "input", "dinput = dvalue (the book copies it)", LINEAR),
    Gradient("MSE", "y_pred", "−2(y − ŷ)/J/n", MSE),
    Gradient("MAE", "y_pred", "−sign(y − ŷ)/J/n, a kink at ŷ = y", MAE),
    Gradient("Dropout", "input", "dvalue · mask (training), dvalue (inference)", DROPOUT),
    Gradient("Regularization", "weight", "dweight += λ₁·sign(W) + 2λ₂·W", REGULARIZATION),
    Gradient("Regularization", "bias", "dbias += λ₁ᵇ·sign(b) + 2λ₂ᵇ·b", REGULARIZATION),
)
