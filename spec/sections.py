"""What SPEC.md says about each operation besides its edge cases: the forward definition and the
gradient as LaTeX (printed by sympy.latex from spec.operations' own builders, so the document
shows the expressions symbolic/ proves), and the scope of each proof.

The proof scopes are recorded here as data rather than read from symbolic.proofs at render
time: the architecture flows spec → symbolic → properties, and running the proofs takes
seconds, too slow for a drift test. tests/spec/test_spec_document.py checks that every recorded
scope equals what symbolic.proofs reports, so the record cannot go stale.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from backprop_spec.spec import book_operations as book
from backprop_spec.spec import operations as ops


@dataclass(frozen=True)
class ProofScope:
    """One proof of symbolic.proofs.PROOFS, as its ProofResult describes it."""

    operation: str
    gradient: str
    scope: str
    assumptions: str


_DENSE_SCOPE = "general (matrix calculus); entrywise for n, a, b ≤ 3"
_DENSE_ASSUMES = "G = ∂loss/∂output: the loss depends on the parameters only through output"
_LOSS_SCOPE = "row: {c} ≤ 8, n symbolic; batch: n ≤ 4, {c} ≤ 2; every entry"
_REGULARIZATION_SCOPE = "entrywise for n, a, b ≤ 2; any λ ≥ 0"
_REGULARIZATION_ASSUMES = "parameters real and nonzero (off the L1 kink)"

PROOF_SCOPES: dict[str, ProofScope] = {
    "dense_weight": ProofScope("Dense", "∂/∂W", _DENSE_SCOPE, _DENSE_ASSUMES),
    "dense_input": ProofScope("Dense", "∂/∂X", _DENSE_SCOPE, _DENSE_ASSUMES),
    "dense_bias": ProofScope("Dense", "∂/∂bias", _DENSE_SCOPE, _DENSE_ASSUMES),
    "relu": ProofScope("ReLU", "dy/dx", "general, x ≠ 0", "x real, off the kink"),
    "relu_kink": ProofScope("ReLU", "subgradient at 0", "x = 0 exactly",
                            "convex ReLU: subdifferential at 0 = [left, right]"),
    "softmax_jacobian": ProofScope("Softmax", "∂S_j/∂z_k", "c ≤ 8, every entry",
                                   "one row; rows are independent"),
    "softmax_shift_invariance": ProofScope("Softmax", "shift invariance",
                                           "general: any number of classes", "t any real shift"),
    "cce": ProofScope("CCE", "∂L/∂ŷ", _LOSS_SCOPE.format(c="c"),
                      "ŷ > 0; any real labels (one-hot or soft)"),
    "sigmoid": ProofScope("Sigmoid", "dσ/dz", "general: any real z", "z real"),
    "bce": ProofScope("BCE", "∂L/∂ŷ", _LOSS_SCOPE.format(c="J"), "0 < ŷ < 1; any real labels"),
    "softmax_cce_general": ProofScope(
        "Softmax+CCE", "∂L/∂z (S·Σy − y)/n", _LOSS_SCOPE.format(c="c"),
        "any real label rows; log S_j = z_j − log Σe^{z_l} as e^{·} is injective"),
    "softmax_cce_normalised": ProofScope(
        "Softmax+CCE", "∂L/∂z (S − y)/n", "c ≤ 8",
        "label rows sum to 1 (one-hot, or soft labels that are distributions); without it the "
        "gap is S·(Σy − 1)/n"),
    "linear": ProofScope("Linear", "dy/dx", "general: any real x", "x real"),
    "mse": ProofScope("MSE", "∂L/∂ŷ", _LOSS_SCOPE.format(c="J"), "ŷ, y real"),
    "mae": ProofScope("MAE", "∂L/∂ŷ", _LOSS_SCOPE.format(c="J"), "ŷ, y real, ŷ ≠ y"),
    "mae_kink": ProofScope("MAE", "subgradient at ŷ = y", "ŷ = y exactly",
                           "convex |y − ŷ|: subdifferential = [left, right]/(J·n)"),
    "mae_book_sign": ProofScope("MAE", "the book's backward", "J ≤ 8, every entry",
                                "ŷ ≠ y; the book's line is sign(y − ŷ)/J/n"),
    "dropout": ProofScope("Dropout", "∂/∂input", "any mask; entrywise for n, a ≤ 3",
                          "the mask is the forward's own, given; keep rate q > 0"),
    "regularization_weight": ProofScope("Regularization", "∂/∂W", _REGULARIZATION_SCOPE,
                                        _REGULARIZATION_ASSUMES),
    "regularization_bias": ProofScope("Regularization", "∂/∂bias", _REGULARIZATION_SCOPE,
                                      _REGULARIZATION_ASSUMES),
    "l1_kink": ProofScope("Regularization", "L1 subgradient at 0", "w = 0 exactly",
                          "convex |w|: subdifferential = λ₁·[left, right]"),
}


@dataclass(frozen=True)
class Formulas:
    """An operation's forward definition and gradient(s), as LaTeX lines `lhs = rhs`."""

    forward: tuple[str, ...]
    gradient: tuple[str, ...]


def _equation(lhs: str, rhs: sp.Basic) -> str:
    return f"{lhs} = {sp.latex(rhs)}"


def _ones_named(expr: sp.Basic, n: sp.Symbol) -> sp.Basic:
    """OneMatrix printed as 1_n (a column of n ones) or its transpose, not as a bare 1."""
    column = sp.MatrixSymbol(r"\mathbf{1}_{n}", n, 1)
    return expr.replace(lambda e: isinstance(e, sp.OneMatrix),
                        lambda e: column if e.shape[1] == 1 else column.T)


def _dense() -> Formulas:
    n, a, b = sp.symbols("n a b")
    X, W = sp.MatrixSymbol("X", n, a), sp.MatrixSymbol("W", a, b)
    bias, G = sp.MatrixSymbol(r"\mathrm{bias}", 1, b), sp.MatrixSymbol("G", n, b)
    closed = ops.dense_closed_forms(X, W, G)
    return Formulas(
        (_equation(r"\mathrm{output}", _ones_named(ops.dense_forward(X, W, bias), n)),),
        tuple(_equation(rf"\frac{{\partial \mathrm{{loss}}}}{{\partial {name}}}", _ones_named(closed[key], n))
              for key, name in (("W", "W"), ("X", "X"), ("bias", r"\mathrm{bias}"))),
    )


def _relu() -> Formulas:
    x = sp.Symbol("x", real=True)
    return Formulas((_equation("y", ops.relu(x)),), (_equation(r"\frac{dy}{dx}", ops.relu_closed_form(x)),))


def _softmax() -> Formulas:
    z, S = sp.IndexedBase("z"), sp.IndexedBase("S")
    j, k, c = sp.symbols("j k c", integer=True)
    return Formulas(
        (_equation("S_{j}", ops.softmax_indexed(z, j, c)),),
        (_equation(r"\frac{\partial S_{j}}{\partial z_{k}}", ops.softmax_jacobian_closed_form(S, j, k)),),
    )


def _sigmoid() -> Formulas:
    z, s = sp.Symbol("z", real=True), sp.Symbol(r"\sigma")
    return Formulas((_equation(r"\sigma", ops.sigmoid(z)),),
                    (_equation(r"\frac{d\sigma}{dz}", ops.sigmoid_closed_form(s)),))


_Y_HAT, _Y, _N = sp.Symbol(r"\hat{y}_{ij}"), sp.Symbol("y_{ij}"), sp.Symbol("n")
_MEAN = r"L = \frac{1}{n}\sum_{i} L_{i}"


def _cce() -> Formulas:
    y_hat, y = sp.IndexedBase(r"\hat{y}"), sp.IndexedBase("y")
    j, c = sp.symbols("j c", integer=True)
    loss = -sp.Sum(y[j] * sp.log(y_hat[j]), (j, 1, c))
    gradient = ops.cce_closed_form(_Y_HAT, _Y, _N)
    return Formulas((_equation("L_{i}", loss), _MEAN),
                    (_equation(r"\frac{\partial L}{\partial \hat{y}_{ij}}", gradient),))


def _bce() -> Formulas:
    J = sp.Symbol("J")
    return Formulas(
        (_equation("L_{ij}", ops.bce_element_loss(_Y_HAT, _Y)), r"L_{i} = \frac{1}{J}\sum_{j} L_{ij}", _MEAN),
        (_equation(r"\frac{\partial L}{\partial \hat{y}_{ij}}", ops.bce_closed_form(_Y_HAT, _Y, J, _N)),),
    )


def _softmax_cce() -> Formulas:
    S, y = sp.IndexedBase("S"), sp.IndexedBase("y")
    j, k, c = sp.symbols("j k c", integer=True)
    labels_total = sp.Sum(y[j], (j, 1, c))
    general = (S[k] * labels_total - y[k]) / _N
    return Formulas(
        (r"L_{i} = -\sum_{j} y_{ij} \log S_{ij}, \quad S_{i} = \mathrm{softmax}(z_{i})", _MEAN),
        (_equation(r"\frac{\partial L}{\partial z_{ik}}", general),
         _equation(r"\frac{\partial L}{\partial z_{ik}}\Big|_{\sum_j y_{ij} = 1}",
                   ops.softmax_cce_closed_form(S, y, k, _N))),
    )


def _linear() -> Formulas:
    x = sp.Symbol("x", real=True)
    return Formulas((_equation("y", book.linear(x)),),
                    (_equation(r"\frac{dy}{dx}", book.linear_closed_form(x)),))


_J = sp.Symbol("J")
_PER_OUTPUT = r"L_{i} = \frac{1}{J}\sum_{j} L_{ij}"


def _mse() -> Formulas:
    return Formulas(
        (_equation("L_{ij}", (_Y - _Y_HAT) ** 2), _PER_OUTPUT, _MEAN),
        (_equation(r"\frac{\partial L}{\partial \hat{y}_{ij}}", book.mse_closed_form(_Y_HAT, _Y, _J, _N)),),
    )


def _mae() -> Formulas:
    return Formulas(
        (_equation("L_{ij}", sp.Abs(_Y - _Y_HAT)), _PER_OUTPUT, _MEAN),
        (_equation(r"\frac{\partial L}{\partial \hat{y}_{ij}}\Big|_{\hat{y}_{ij} \neq y_{ij}}",
                   book.mae_closed_form(_Y_HAT, _Y, _J, _N)),),
    )


def _dropout() -> Formulas:
    x, m, b, q = (sp.Symbol(name) for name in ("x_{ij}", "m_{ij}", "b_{ij}", "q"))
    return Formulas(
        (_equation("m_{ij}", book.dropout_mask(b, q))
         + r", \quad b_{ij} \sim \mathrm{Bernoulli}(q), \quad q = 1 - \mathrm{rate}",
         _equation(r"y_{ij}", book.dropout_forward(x, m)) + r" \quad \text{(training)}",
         _equation(r"y_{ij}", book.dropout_inference(x)) + r" \quad \text{(inference)}"),
        (_equation(r"\frac{\partial y_{ij}}{\partial x_{ij}}", book.dropout_closed_form(m))
         + r" \quad \text{(training; 1 in inference)}",),
    )


def _regularization() -> Formulas:
    w, b = sp.Symbol("w_{kl}"), sp.Symbol("b_{l}")
    l1, l2, l1b, l2b = sp.symbols(r"\lambda_{1} \lambda_{2} \lambda_{1}^{b} \lambda_{2}^{b}")
    weight_terms = book.regularization_penalty(sp.Matrix([[w]]), sp.zeros(1, 1), l1, l2, l1b, l2b)
    bias_terms = book.regularization_penalty(sp.zeros(1, 1), sp.Matrix([[b]]), l1, l2, l1b, l2b)
    return Formulas(
        (rf"R = \sum_{{kl}} \left({sp.latex(weight_terms)}\right) "
         rf"+ \sum_{{l}} \left({sp.latex(bias_terms)}\right)",
         r"L_{\mathrm{total}} = L + R"),
        (_equation(r"\frac{\partial L_{\mathrm{total}}}{\partial w_{kl}} - (X^{T} G)_{kl}",
                   book.regularization_closed_form(w, l1, l2)),
         _equation(r"\frac{\partial L_{\mathrm{total}}}{\partial b_{l}} - (\mathbf{1}_{n}^{T} G)_{l}",
                   book.regularization_closed_form(b, l1b, l2b))),
    )


FORMULAS = {
    "Dense": _dense, "ReLU": _relu, "Softmax": _softmax, "Sigmoid": _sigmoid,
    "CCE": _cce, "BCE": _bce, "Softmax+CCE": _softmax_cce,
    "Linear": _linear, "MSE": _mse, "MAE": _mae, "Dropout": _dropout, "Regularization": _regularization,
}
