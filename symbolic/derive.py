"""SymPy differentiates spec/'s forward definitions — never the closed forms — once per size.

The book's operations beyond the notes (spec.book_operations) are derived the same way.
Row-wise operations are derived for one row of c entries with fresh symbols; the batch mean
enters as a symbolic factor 1/n, since sample i's loss depends on row i only. Every function is
cached per size, so proofs and references share one derivation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import sympy as sp

from backprop_spec.spec import book_operations as book
from backprop_spec.spec import operations as ops

batch_size = sp.Symbol("n", positive=True, integer=True)


@dataclass(frozen=True)
class RowDerivation:
    """A scalar function of `inputs` (and `labels`, for a loss), applied per entry or per row:
    its forward value(s) and the derived gradient, gradient[k] = ∂(value)/∂inputs[k]."""

    inputs: tuple[sp.Symbol, ...]
    labels: tuple[sp.Symbol, ...]
    forward: tuple[sp.Expr, ...]
    gradient: tuple[sp.Expr, ...]


@dataclass(frozen=True)
class SoftmaxDerivation:
    """Softmax of one row: outputs S_j and the derived Jacobian, jacobian[j, k] = ∂S_j/∂z_k."""

    inputs: tuple[sp.Symbol, ...]
    forward: tuple[sp.Expr, ...]
    jacobian: sp.Matrix


def row_symbols(prefix: str, size: int, **assumptions: bool) -> tuple[sp.Symbol, ...]:
    """size fresh symbols prefix_1 … prefix_size."""
    return tuple(sp.symbols(f"{prefix}_1:{size + 1}", **assumptions))


@cache
def softmax(classes: int) -> SoftmaxDerivation:
    """S = softmax(z) for one row and its Jacobian J[j, k] = ∂S_j/∂z_k."""
    z = row_symbols("z", classes, real=True)
    s = ops.softmax(z)
    return SoftmaxDerivation(z, tuple(s), sp.Matrix(classes, classes,
                                                    lambda j, k: sp.diff(s[j], z[k])))


@cache
def cce(classes: int) -> RowDerivation:
    """Sample loss −Σ y log ŷ and ∂(loss/n)/∂ŷ_k: the row's share of the batch mean."""
    y_pred = row_symbols("ŷ", classes, positive=True)
    y = row_symbols("y", classes, real=True)
    loss = ops.cce_sample_loss(y_pred, y)
    return RowDerivation(y_pred, y, (loss,), tuple(sp.diff(loss / batch_size, p) for p in y_pred))


@cache
def bce(outputs: int) -> RowDerivation:
    """Sample loss (1/J) Σ_j L_j and ∂(loss/n)/∂ŷ_k."""
    y_pred = row_symbols("ŷ", outputs, positive=True)
    y = row_symbols("y", outputs, real=True)
    loss = ops.bce_sample_loss(y_pred, y)
    return RowDerivation(y_pred, y, (loss,), tuple(sp.diff(loss / batch_size, p) for p in y_pred))


@cache
def softmax_cce(classes: int) -> RowDerivation:
    """Sample loss CCE(softmax(z), y) and ∂(loss/n)/∂z_k, for any label row, with log S_j
    written z_j − log Σ e^{z_l} (spec.operations.log_softmax; proved equal to log S_j)."""
    z = row_symbols("z", classes, real=True)
    y = row_symbols("y", classes, real=True)
    loss = ops.cce_of_log_probabilities(ops.log_softmax(z), y)
    return RowDerivation(z, y, (loss,), tuple(sp.diff(loss / batch_size, v) for v in z))


@cache
def sigmoid() -> tuple[RowDerivation, RowDerivation]:
    """σ and σ' from 1/(1 + e^{−z}), and again from the form e^{z}/(1 + e^{z})."""
    z = sp.Symbol("z", real=True)
    forms = (ops.sigmoid(z), ops.sigmoid_for_negative_inputs(z))
    derived = [RowDerivation((z,), (), (f,), (sp.diff(f, z),)) for f in forms]
    return derived[0], derived[1]


@cache
def relu() -> RowDerivation:
    """ReLU and its derivative, SymPy's Piecewise (which is silent about the kink at 0)."""
    x = sp.Symbol("x", real=True)
    return RowDerivation((x,), (), (ops.relu(x),), (sp.diff(ops.relu(x), x),))


@dataclass(frozen=True)
class DenseDerivation:
    """Dense in matrix calculus: MatrixSymbols of symbolic sizes and the derived VJPs."""

    X: sp.MatrixSymbol
    W: sp.MatrixSymbol
    bias: sp.MatrixSymbol
    G: sp.MatrixSymbol
    output: sp.MatrixExpr
    gradient: dict[str, sp.MatrixExpr]


@cache
def dense() -> DenseDerivation:
    """∂/∂V tr(Gᵀ·output) for V in X, W, bias: the VJP of Dense for upstream G, any sizes."""
    n, a, b = sp.symbols("n a b", positive=True, integer=True)
    X, W, bias = ops.dense_matrix_symbols(n, a, b)
    G = sp.MatrixSymbol("G", n, b)
    output = ops.dense_forward(X, W, bias)
    pairing = sp.Trace(G.T * output)
    gradient = {name: sp.diff(pairing, v) for name, v in (("X", X), ("W", W), ("bias", bias))}
    return DenseDerivation(X, W, bias, G, output, gradient)


# --- the book's operations beyond the notes ------------------------------------------------------


@cache
def linear() -> RowDerivation:
    """y = x and dy/dx."""
    x = sp.Symbol("x", real=True)
    return RowDerivation((x,), (), (book.linear(x),), (sp.diff(book.linear(x), x),))


def _regression(sample_loss: Callable[[ops.Row, ops.Row], sp.Expr], outputs: int) -> RowDerivation:
    y_pred = row_symbols("ŷ", outputs, real=True)
    y = row_symbols("y", outputs, real=True)
    loss = sample_loss(y_pred, y)
    return RowDerivation(y_pred, y, (loss,), tuple(sp.diff(loss / batch_size, p) for p in y_pred))


@cache
def mse(outputs: int) -> RowDerivation:
    """Sample loss (1/J) Σ (y − ŷ)² and ∂(loss/n)/∂ŷ_k."""
    return _regression(book.mse_sample_loss, outputs)


@cache
def mae(outputs: int) -> RowDerivation:
    """Sample loss (1/J) Σ |y − ŷ| and ∂(loss/n)/∂ŷ_k; SymPy's sign(ŷ − y) says nothing at ŷ = y."""
    return _regression(book.mae_sample_loss, outputs)


@dataclass(frozen=True)
class DropoutDerivation:
    """Dropout of one entry x with its mask entry m given: forwards and their derived slopes."""

    input: sp.Symbol
    mask: sp.Symbol
    training: sp.Expr
    inference: sp.Expr
    training_gradient: sp.Expr
    inference_gradient: sp.Expr


@cache
def dropout() -> DropoutDerivation:
    """∂(x·m)/∂x in training and ∂x/∂x in inference; m is any given real, so the result holds
    for every draw of the mask and every keep rate."""
    x, m = sp.Symbol("x", real=True), sp.Symbol("m", real=True)
    training, inference = book.dropout_forward(x, m), book.dropout_inference(x)
    return DropoutDerivation(x, m, training, inference, sp.diff(training, x), sp.diff(inference, x))


@dataclass(frozen=True)
class RegularizedDenseDerivation:
    """Dense with the book's penalty, entry by entry: loss = tr(Gᵀ·output) + penalty, and its
    derived gradients w.r.t. every entry of W and bias."""

    X: sp.Matrix
    W: sp.Matrix
    bias: sp.Matrix
    G: sp.Matrix
    strengths: tuple[sp.Symbol, sp.Symbol, sp.Symbol, sp.Symbol]  # λ₁, λ₂, λ₁ᵇ, λ₂ᵇ
    gradient: dict[str, sp.Matrix]


@cache
def regularized_dense(n: int, a: int, b: int) -> RegularizedDenseDerivation:
    """The VJP of Dense plus the penalty's gradient, differentiated from the definitions."""
    X = sp.Matrix(n, a, sp.symbols(f"x:{n * a}", real=True))
    W = sp.Matrix(a, b, sp.symbols(f"w:{a * b}", real=True))
    bias = sp.Matrix(1, b, sp.symbols(f"c:{b}", real=True))
    G = sp.Matrix(n, b, sp.symbols(f"g:{n * b}", real=True))
    strengths = sp.symbols("λ1 λ2 λ1b λ2b", nonnegative=True)
    output = X * W + sp.ones(n, 1) * bias
    pairing = sp.Add(*(G[i, j] * output[i, j] for i in range(n) for j in range(b)))
    loss = pairing + book.regularization_penalty(W, bias, *strengths)
    gradient = {name: values.applyfunc(lambda v: sp.diff(loss, v))
                for name, values in (("W", W), ("bias", bias))}
    return RegularizedDenseDerivation(X, W, bias, G, strengths, gradient)
