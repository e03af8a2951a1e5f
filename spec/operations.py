"""Each operation of the notes: its forward definition as a SymPy builder (the one source of
truth symbolic/ differentiates), the notes' closed-form gradient, and the section it is from.

Conventions follow the notes' code: a batch is n rows, Dense computes input @ weight + bias,
losses are per-sample values averaged over the batch (the code divides by n_sample).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

from backprop_spec.spec.records import BCE, CCE, DENSE, RELU, SIGMOID, SOFTMAX, SOFTMAX_CCE

Row = Sequence[sp.Expr]

# ReLU's kink (§二 ReLu): the notes' formula leaves dy/dx at 0 undefined, their backward mask
# `input < 0` lets the gradient through at exactly 0. Any value in the interval is a subgradient.
RELU_ONE_SIDED_AT_ZERO = {"left": 0, "right": 1}
RELU_SUBGRADIENT_INTERVAL = (0, 1)
NOTES_RELU_AT_ZERO = 1  # mask `input < 0` keeps dvalue where input == 0
BOOK_AND_PYTORCH_RELU_AT_ZERO = 0  # mask `inputs <= 0` (the book), torch.relu's backward
SYMPY_HEAVISIDE_AT_ZERO = sp.Rational(1, 2)  # what diff(Max(0, x)) = Heaviside(x) gives at 0

# The clip of CCE and BCE (§三, §六): the notes clip ŷ to [1e-7, 1 − 1e-7] (Keras's default fuzz
# factor); 1e-15 was scikit-learn's long-time log_loss default. Any ε in this range that the
# prediction's dtype can represent is a convention, not a bug, so a clipped loss has its kinks
# somewhere in [ε_min, ε_max] and [1 − ε_max, 1 − ε_min].
CLIP_EPSILON_RANGE = (1e-15, 1e-7)


# --- Dense (§二 代码 › Dense Layer) -------------------------------------------------------------


def dense_matrix_symbols(
    n: sp.Expr, a: sp.Expr, b: sp.Expr
) -> tuple[sp.MatrixSymbol, sp.MatrixSymbol, sp.MatrixSymbol]:
    """Input X (n×a), weight W (a×b), bias (1×b) as SymPy MatrixSymbols."""
    return sp.MatrixSymbol("X", n, a), sp.MatrixSymbol("W", a, b), sp.MatrixSymbol("bias", 1, b)


def dense_forward(X: sp.MatrixExpr, W: sp.MatrixExpr, bias: sp.MatrixExpr) -> sp.MatrixExpr:
    """output = input @ weight + bias, the bias row broadcast over the n rows as ones(n,1)·bias."""
    return X * W + sp.OneMatrix(X.shape[0], 1) * bias


def dense_closed_forms(
    X: sp.MatrixExpr, W: sp.MatrixExpr, G: sp.MatrixExpr
) -> dict[str, sp.MatrixExpr]:
    """The notes' backward for upstream G = dvalue: dweight = Xᵀ·G, dinput = G·Wᵀ, dbias =
    column sums of G, written ones(1,n)·G (the code's np.sum(dvalue, axis=0, keepdims=True))."""
    return {"W": X.T * G, "X": G * W.T, "bias": sp.OneMatrix(1, X.shape[0]) * G}


# --- ReLU (§二 代码 › 二、ReLu) -------------------------------------------------------------------


def relu(x: sp.Expr) -> sp.Expr:
    """y = x for x > 0, 0 for x ≤ 0 — the notes' formula."""
    return sp.Piecewise((x, x > 0), (0, True))


def relu_closed_form(x: sp.Expr) -> sp.Expr:
    """dy/dx = 1 for x > 0, 0 for x < 0; at 0 the notes' mask gives NOTES_RELU_AT_ZERO."""
    return sp.Piecewise((1, x > 0), (0, x < 0), (NOTES_RELU_AT_ZERO, True))


# --- Softmax (§三 › Softmax) --------------------------------------------------------------------


def softmax(z: Row) -> list[sp.Expr]:
    """S_j = e^{z_j} / Σ_l e^{z_l} for one row of logits."""
    total = sp.Add(*(sp.exp(v) for v in z))
    return [sp.exp(v) / total for v in z]


def softmax_indexed(z: sp.IndexedBase, j: sp.Expr, classes: sp.Expr) -> sp.Expr:
    """S_j = e^{z_j} / Σ_{l=1}^{c} e^{z_l} for a symbolic number of classes c."""
    summed = sp.Dummy("l", integer=True)
    return sp.exp(z[j]) / sp.Sum(sp.exp(z[summed]), (summed, 1, classes))


def log_softmax(z: Row) -> list[sp.Expr]:
    """log S_j = z_j − log Σ_l e^{z_l}: the same function as log(softmax), written so that no
    term overflows once z is shifted by its row max."""
    log_total = sp.log(sp.Add(*(sp.exp(v) for v in z)))
    return [v - log_total for v in z]


def softmax_jacobian_closed_form(s: Row, j: int, k: int) -> sp.Expr:
    """∂S_j/∂z_k = S_j(δ_jk − S_k), the notes' summary line."""
    return s[j] * (sp.KroneckerDelta(j, k) - s[k])


# --- Sigmoid (§五 Sigmoid) ----------------------------------------------------------------------


def sigmoid(z: sp.Expr) -> sp.Expr:
    """σ = 1 / (1 + e^{−z})."""
    return 1 / (1 + sp.exp(-z))


def sigmoid_for_negative_inputs(z: sp.Expr) -> sp.Expr:
    """e^{z} / (1 + e^{z}): equal to sigmoid (proved in symbolic/), and free of overflow for
    Re z < 0, where e^{−z} would overflow."""
    return sp.exp(z) / (1 + sp.exp(z))


def sigmoid_closed_form(s: sp.Expr) -> sp.Expr:
    """σ' = σ(1 − σ) in terms of the output s = σ."""
    return s * (1 - s)


# --- Categorical cross-entropy (§三) ------------------------------------------------------------


def cce_sample_loss(y_pred: Row, y: Row) -> sp.Expr:
    """L_i = −Σ_j y_ij log ŷ_ij for one sample."""
    return -sp.Add(*(t * sp.log(p) for p, t in zip(y_pred, y, strict=True)))


def cce_of_log_probabilities(log_y_pred: Row, y: Row) -> sp.Expr:
    """L_i = −Σ_j y_ij · log ŷ_ij, given the logarithms log ŷ_ij."""
    return -sp.Add(*(t * lp for lp, t in zip(log_y_pred, y, strict=True)))


def cce_closed_form(y_pred: sp.Expr, y: sp.Expr, n: sp.Expr) -> sp.Expr:
    """∂(mean loss)/∂ŷ_ij = −y_ij / ŷ_ij / n — the code's −label / y_pred / n_sample."""
    return -y / y_pred / n


# --- Binary cross-entropy (§五 › BCE) -----------------------------------------------------------


def bce_element_loss(y_pred: sp.Expr, y: sp.Expr) -> sp.Expr:
    """L_ij = −y log ŷ − (1 − y) log(1 − ŷ) for one binary output."""
    return -y * sp.log(y_pred) - (1 - y) * sp.log(1 - y_pred)


def bce_sample_loss(y_pred: Row, y: Row) -> sp.Expr:
    """L_i = (1/J) Σ_j L_ij: the mean over the sample's J binary outputs."""
    terms = [bce_element_loss(p, t) for p, t in zip(y_pred, y, strict=True)]
    return sp.Add(*terms) / len(terms)


def bce_closed_form(y_pred: sp.Expr, y: sp.Expr, outputs: sp.Expr, n: sp.Expr) -> sp.Expr:
    """∂(mean loss)/∂ŷ_ij = −(y/ŷ − (1 − y)/(1 − ŷ)) / J / n, the code's dinput."""
    return -(y / y_pred - (1 - y) / (1 - y_pred)) / outputs / n


# --- Softmax followed by CCE (the combined layer) ------------------------------------------------


def softmax_cce_sample_loss(z: Row, y: Row) -> sp.Expr:
    """CCE of softmax(z) against labels y, for one sample."""
    return cce_sample_loss(softmax(z), y)


def softmax_cce_closed_form_general(s: Row, y: Row, k: int, n: sp.Expr) -> sp.Expr:
    """∂(mean loss)/∂z_k = (S_k·Σ_j y_j − y_k)/n, valid for any label row."""
    return (s[k] * sp.Add(*y) - y[k]) / n


def softmax_cce_closed_form(s: Row, y: Row, k: int, n: sp.Expr) -> sp.Expr:
    """∂(mean loss)/∂z_k = (S_k − y_k)/n, valid when the label row sums to 1."""
    return (s[k] - y[k]) / n


def mean_over_batch(sample_losses: Sequence[sp.Expr]) -> sp.Expr:
    """The loss the code's backward differentiates: the mean of the per-sample losses."""
    return sp.Add(*sample_losses) / len(sample_losses)


@dataclass(frozen=True)
class Gradient:
    """One gradient the notes state: which operation, w.r.t. what, the closed form as the notes
    write it, and the section it comes from."""

    operation: str
    wrt: str
    closed_form: str
    section: str


GRADIENTS = (
    Gradient("Dense", "weight", "dweight = inputᵀ·dvalue", DENSE),
    Gradient("Dense", "input", "dinput = dvalue·weightᵀ", DENSE),
    Gradient("Dense", "bias", "dbias = Σ_rows dvalue", DENSE),
    Gradient("ReLU", "input", "1 if x > 0, 0 if x < 0 (mask input < 0)", RELU),
    Gradient("Softmax", "input", "∂S_ij/∂z_ik = S_ij(δ_jk − S_ik)", SOFTMAX),
    Gradient("CCE", "y_pred", "−y/ŷ / n", CCE),
    Gradient("Sigmoid", "input", "σ(1 − σ)", SIGMOID),
    Gradient("BCE", "y_pred", "−(y/ŷ − (1 − y)/(1 − ŷ)) / J / n", BCE),
    Gradient("Softmax+CCE", "logits", "(S·Σy − y)/n; (S − y)/n when Σy = 1", SOFTMAX_CCE),
)
