"""Proofs for the book's operations beyond the notes (spec.book_operations): each gradient SymPy
derives from the forward equals the book's closed form; the kinks of MAE and L1 have their
one-sided derivatives checked, and the book's MAE backward is shown to have the wrong sign."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import sympy as sp

from backprop_spec.spec import book_operations as book
from backprop_spec.spec.records import DROPOUT, LINEAR, MAE, MSE, REGULARIZATION
from backprop_spec.symbolic import algebra, derive
from backprop_spec.symbolic.proof_kit import ProofResult, first_failure, loss_failure, loss_scope, result

LOSS_LIMITS = (8, 4, 2)  # every J ≤ 8 for one row; whole batches n ≤ 4 with J ≤ 2
MAX_DENSE = 2  # regularised Dense, entry by entry: every n, a, b ≤ MAX_DENSE
MAX_DROPOUT = 3  # dropout VJP, entry by entry: every n, a ≤ MAX_DROPOUT


def prove_linear() -> ProofResult:
    """dy/dx of y = x is 1: the backward passes dvalue unchanged."""
    derived = derive.linear()
    x = derived.inputs[0]
    failure = first_failure(iter([("dy/dx", derived.gradient[0] - book.linear_closed_form(x))]))
    return result("Linear", "dy/dx", LINEAR, "general: any real x", "x real", failure)


def prove_mse(limits: tuple[int, int, int] = LOSS_LIMITS) -> ProofResult:
    """∂(mean MSE)/∂ŷ_ik = −2(y − ŷ)/J/n for every entry."""
    failure = loss_failure(derive.mse, book.mse_sample_loss,
                           lambda p, y, k, n: book.mse_closed_form(p[k], y[k], len(p), n),
                           limits, {"real": True})
    return result("MSE", "∂L/∂ŷ", MSE, loss_scope(limits, "J"), "ŷ, y real", failure)


def prove_mae(limits: tuple[int, int, int] = LOSS_LIMITS) -> ProofResult:
    """∂(mean MAE)/∂ŷ_ik = −sign(y − ŷ)/J/n for every entry off the kink ŷ = y."""
    failure = loss_failure(derive.mae, book.mae_sample_loss,
                           lambda p, y, k, n: book.mae_closed_form(p[k], y[k], len(p), n),
                           limits, {"real": True})
    return result("MAE", "∂L/∂ŷ", MAE, loss_scope(limits, "J"), "ŷ, y real, ŷ ≠ y",
                  failure)


def _one_sided(function: sp.Expr, variable: sp.Symbol, at: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """(left, right) difference-quotient limits of `function` in `variable` at `at`."""
    h = sp.Symbol("h", positive=True)
    value = function.subs(variable, at)
    left = sp.limit((function.subs(variable, at - h) - value) / (-h), h, 0)
    right = sp.limit((function.subs(variable, at + h) - value) / h, h, 0)
    return left, right


def _kink_failure(left: sp.Expr, right: sp.Expr, sides: dict[str, int],
                  interval: tuple[int, int], choices: dict[str, int]) -> str | None:
    low, high = interval
    checks = {"left derivative": left == sides["left"], "right derivative": right == sides["right"],
              "interval = [left, right]": (low, high) == (left, right),
              **{f"{name} in interval": low <= value <= high for name, value in choices.items()}}
    return next((name for name, holds in checks.items() if not holds), None)


def prove_mae_kink() -> ProofResult:
    """At ŷ = y: the one-sided derivatives of |y − ŷ| are −1 and 1, impl/'s np.sign(0) = 0 lies
    between them (every value in [−1, 1]/(J·n) is a subgradient of the mean loss)."""
    y_pred, y = sp.symbols("ŷ y", real=True)
    left, right = _one_sided(sp.Abs(y - y_pred), y_pred, y)
    failure = _kink_failure(left, right, book.MAE_ONE_SIDED_AT_KINK, book.MAE_SUBGRADIENT_INTERVAL,
                            {"impl/'s sign(0)": book.IMPL_MAE_AT_KINK})
    return result("MAE", "subgradient at ŷ = y", MAE, "ŷ = y exactly",
                  "convex |y − ŷ|: subdifferential = [left, right]/(J·n)", failure)


def prove_mae_book_sign(max_outputs: int = LOSS_LIMITS[0]) -> ProofResult:
    """The book's backward sign(y − ŷ)/J/n is the derived gradient negated, for every J: it
    differs at a witness point and book + derived = 0, so a step along it climbs the loss."""
    def differences() -> Iterator[tuple[str, sp.Expr]]:
        for outputs in range(1, max_outputs + 1):
            derived = derive.mae(outputs)
            for k, (p, y) in enumerate(zip(derived.inputs, derived.labels, strict=True)):
                books = book.book_mae_backward(p, y, outputs, derive.batch_size)
                yield f"J={outputs}, k={k + 1}: book = −derived", books + derived.gradient[k]
                if algebra.witness(books, derived.gradient[k]) is None:
                    yield f"J={outputs}, k={k + 1}: no witness that the book errs", sp.Integer(1)
    return result("MAE", "the book's backward", MAE, f"J ≤ {max_outputs}, every entry",
                  "ŷ ≠ y; the book's line is sign(y − ŷ)/J/n", first_failure(differences()))


def prove_dropout(max_size: int = MAX_DROPOUT) -> ProofResult:
    """Training: ∂(x·m)/∂x = m for any given mask entry m, and entrywise the VJP of X∘M is G∘M
    for every n, a ≤ max_size; inference: slope 1; and E[mask] = 1 for keep rate q ∈ (0, 1], so
    the scaled mask keeps the expected output equal to the input."""
    derived = derive.dropout()
    keep = sp.Symbol("q", positive=True)
    expectation = keep * book.dropout_mask(1, keep) + (1 - keep) * book.dropout_mask(0, keep)

    def differences() -> Iterator[tuple[str, sp.Expr]]:
        yield "training slope", derived.training_gradient - book.dropout_closed_form(derived.mask)
        yield "inference slope", derived.inference_gradient - 1
        yield "E[mask] = 1", expectation - 1
        for n in range(1, max_size + 1):
            for a in range(1, max_size + 1):
                X, M, G = (sp.Matrix(n, a, sp.symbols(f"{name}:{n * a}", real=True))
                           for name in "xmg")
                pairing = sp.Add(*(g * book.dropout_forward(x, m) for x, m, g in zip(X, M, G)))
                for i in range(n * a):
                    yield f"n={n}, a={a}, entry {i + 1}", (
                        sp.diff(pairing, X[i]) - G[i] * book.dropout_closed_form(M[i]))
    return result("Dropout", "∂/∂input", DROPOUT, f"any mask; entrywise for n, a ≤ {max_size}",
                  "the mask is the forward's own, given; keep rate q > 0", first_failure(differences()))


def prove_regularization(wrt: str, max_size: int = MAX_DENSE) -> ProofResult:
    """d(tr(Gᵀ·output) + penalty)/dW = XᵀG + λ₁·sign(W) + 2λ₂·W (and for bias: ΣG + the bias
    terms), entry by entry for every n, a, b ≤ max_size, W and bias real and nonzero."""
    def differences() -> Iterator[tuple[str, sp.Expr]]:
        for size in ((n, a, b) for n in range(1, max_size + 1) for a in range(1, max_size + 1)
                     for b in range(1, max_size + 1)):
            d = derive.regularized_dense(*size)
            l1, l2, l1_bias, l2_bias = d.strengths
            data = {"W": d.X.T * d.G, "bias": sp.ones(1, size[0]) * d.G}[wrt]
            parameter, strengths = {"W": (d.W, (l1, l2)), "bias": (d.bias, (l1_bias, l2_bias))}[wrt]
            for i in range(len(parameter)):
                closed = data[i] + book.regularization_closed_form(parameter[i], *strengths)
                yield f"n, a, b = {size}, entry {i + 1}", d.gradient[wrt][i] - closed
    name = {"W": "∂/∂W", "bias": "∂/∂bias"}[wrt]
    return result("Regularization", name, REGULARIZATION,
                  f"entrywise for n, a, b ≤ {max_size}; any λ ≥ 0",
                  "parameters real and nonzero (off the L1 kink)", first_failure(differences()))


def prove_l1_kink() -> ProofResult:
    """At w = 0: the one-sided derivatives of |w| are −1 and 1 (times λ₁), and the book's
    choice sign = 1 there, kept by impl/, lies between them: a valid subgradient."""
    w = sp.Symbol("w", real=True)
    left, right = _one_sided(sp.Abs(w), w, sp.Integer(0))
    failure = _kink_failure(left, right, book.L1_ONE_SIDED_AT_ZERO, book.L1_SUBGRADIENT_INTERVAL,
                            {"the book's sign(0)": book.BOOK_L1_SIGN_AT_ZERO})
    return result("Regularization", "L1 subgradient at 0", REGULARIZATION, "w = 0 exactly",
                  "convex |w|: subdifferential = λ₁·[left, right]", failure)


BOOK_PROOFS: dict[str, Callable[[], ProofResult]] = {
    "linear": prove_linear,
    "mse": prove_mse,
    "mae": prove_mae,
    "mae_kink": prove_mae_kink,
    "mae_book_sign": prove_mae_book_sign,
    "dropout": prove_dropout,
    "regularization_weight": lambda: prove_regularization("W"),
    "regularization_bias": lambda: prove_regularization("bias"),
    "l1_kink": prove_l1_kink,
}
