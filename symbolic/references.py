"""Numeric references: the SymPy-derived expressions, lambdified for NumPy, one derivation per
row size (cached), evaluated for every row of a batch at once by passing columns.

Inputs are float64 or complex128 arrays (complex for complex-step differentiation: nothing here
takes abs, max or clip of a complex value), 2-D (n, c) except for the element-wise ReLU and
sigmoid, which take any shape. Row sizes are bounded by MAX_ROW. Stability
comes from proven identities, never from clipping: softmax subtracts the row max of the real
part (proofs.prove_softmax_shift_invariance), sigmoid uses e^z/(1 + e^z) where Re z < 0
(proofs.prove_sigmoid), softmax+CCE uses log S_j = z_j − log Σ e^{z_l} (derive.softmax_cce).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
import sympy as sp

from backprop_spec.symbolic import derive

MAX_ROW = 16  # classes / binary outputs per row; derivation time grows fast beyond it


def _lambdify(args: Sequence, exprs: Sequence[sp.Expr] | sp.Expr) -> Callable:
    return sp.lambdify(args, exprs, modules="numpy", cse=True)


def _array(value: np.ndarray, name: str) -> np.ndarray:
    """A float or complex array of any shape (the element-wise references take any shape)."""
    array = np.asarray(value)
    if array.dtype.kind not in "fc":
        raise ValueError(f"{name}: expected a float or complex array; got {array.dtype}")
    return array


def _matrix(value: np.ndarray, name: str) -> np.ndarray:
    array = _array(value, name)
    if array.ndim != 2:
        raise ValueError(f"{name}: expected a 2-D array; got shape {array.shape}")
    return array


def _row_size(array: np.ndarray, name: str) -> int:
    size = array.shape[1]
    if not 1 <= size <= MAX_ROW:
        raise ValueError(f"{name}: rows of 1..{MAX_ROW} entries are derived; got {size}")
    return size


def _same_shape(a: np.ndarray, b: np.ndarray, names: str) -> None:
    if a.shape != b.shape:
        raise ValueError(f"{names}: shapes must match; got {a.shape} and {b.shape}")


def _columns(array: np.ndarray) -> list[np.ndarray]:
    return [array[:, j] for j in range(array.shape[1])]


def _stack(values: Sequence, rows: int, dtype: np.dtype) -> np.ndarray:
    """Columns from a lambdified list (constants broadcast) back into a (rows, c) array."""
    return np.stack([np.broadcast_to(np.asarray(v, dtype=dtype), (rows,)) for v in values], axis=1)


def _dtype(*arrays: np.ndarray) -> np.dtype:
    return np.result_type(*arrays, np.float64)


def _shift_rows(z: np.ndarray) -> np.ndarray:
    return z - z.real.max(axis=1, keepdims=True)


def _probabilities(y_pred: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y_pred, y = _matrix(y_pred, "y_pred"), _matrix(y, "y")
    _same_shape(y_pred, y, "y_pred, y")
    if not ((y_pred.real > 0) & (y_pred.real < 1)).all():
        raise ValueError("y_pred: the references take predictions strictly inside (0, 1)")
    return y_pred, y


# --- Softmax ------------------------------------------------------------------------------------


@cache
def _softmax(classes: int) -> tuple[Callable, Callable]:
    derived = derive.softmax(classes)
    upstream = derive.row_symbols("g", classes, real=True)
    vjp = [sp.Add(*(upstream[j] * derived.jacobian[j, k] for j in range(classes)))
           for k in range(classes)]
    return (_lambdify([derived.inputs], list(derived.forward)),
            _lambdify([derived.inputs, upstream], vjp))


def softmax_forward(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax, (n, c) → (n, c)."""
    z = _matrix(z, "z")
    forward, _ = _softmax(_row_size(z, "z"))
    return _stack(forward(_columns(_shift_rows(z))), len(z), _dtype(z))


def softmax_vjp(z: np.ndarray, G: np.ndarray) -> np.ndarray:
    """dz_ik = Σ_j G_ij ∂S_ij/∂z_ik, with the derived Jacobian."""
    z, G = _matrix(z, "z"), _matrix(G, "G")
    _same_shape(z, G, "z, G")
    _, vjp = _softmax(_row_size(z, "z"))
    # after the shift every z ≤ 0: a product like 2·z may overflow to −inf, whose e^{−inf} = 0
    # is exact, so that overflow is no error here
    with np.errstate(over="ignore"):
        return _stack(vjp(_columns(_shift_rows(z)), _columns(G)), len(z), _dtype(z, G))


# --- Sigmoid and ReLU ---------------------------------------------------------------------------


@cache
def _sigmoid() -> tuple[tuple[Callable, Callable], tuple[Callable, Callable]]:
    forms = derive.sigmoid()
    return tuple((_lambdify(f.inputs, f.forward[0]), _lambdify(f.inputs, f.gradient[0]))
                 for f in forms)  # type: ignore[return-value]


def _sigmoid_part(z: np.ndarray, part: int) -> np.ndarray:
    """Evaluate σ (part 0) or σ' (part 1): 1/(1 + e^{−z}) where Re z ≥ 0, e^z/(1 + e^z) else."""
    z = _array(z, "z")
    plain, negative_form = _sigmoid()
    out = np.empty(z.shape, dtype=_dtype(z))
    nonnegative = z.real >= 0
    out[nonnegative] = plain[part](z[nonnegative])
    out[~nonnegative] = negative_form[part](z[~nonnegative])
    return out


def sigmoid_forward(z: np.ndarray) -> np.ndarray:
    """σ(z) elementwise, finite for any finite z."""
    return _sigmoid_part(z, 0)


def sigmoid_vjp(z: np.ndarray, G: np.ndarray) -> np.ndarray:
    """G · σ'(z) elementwise, σ' as derived."""
    G = _array(G, "G")
    _same_shape(_array(z, "z"), G, "z, G")
    return G * _sigmoid_part(z, 1)


@cache
def _relu_slope() -> Callable:
    derived = derive.relu()
    return _lambdify(derived.inputs, derived.gradient[0])


def relu_forward(x: np.ndarray) -> np.ndarray:
    """max(0, x) as x·relu'(x): the same off the kink, 0 at it; analytic in x for complex step."""
    x = _array(x, "x")
    return x * _relu_slope()(x.real)


def relu_vjp(x: np.ndarray, G: np.ndarray) -> np.ndarray:
    """G · relu'(x); raises ValueError at x == 0, the kink (see symbolic.kinks)."""
    x, G = _array(x, "x"), _array(G, "G")
    _same_shape(x, G, "x, G")
    if (x == 0).any():
        raise ValueError("x: relu has no derivative at 0; any value in [0, 1] is a subgradient")
    return G * _relu_slope()(x.real)


# --- Losses -------------------------------------------------------------------------------------


@cache
def _loss(kind: str, size: int) -> tuple[Callable, Callable]:
    derived = {"cce": derive.cce, "bce": derive.bce, "softmax_cce": derive.softmax_cce}[kind](size)
    args = [derived.inputs, derived.labels]
    return (_lambdify(args, derived.forward[0]),
            _lambdify([*args, derive.batch_size], list(derived.gradient)))


def _sample_losses(kind: str, inputs: np.ndarray, y: np.ndarray) -> np.ndarray:
    forward, _ = _loss(kind, _row_size(inputs, "y_pred"))
    value = forward(_columns(inputs), _columns(y))
    return np.broadcast_to(np.asarray(value, dtype=_dtype(inputs, y)), (len(inputs),)).copy()


def _mean_loss_gradient(kind: str, inputs: np.ndarray, y: np.ndarray) -> np.ndarray:
    _, gradient = _loss(kind, _row_size(inputs, "y_pred"))
    values = gradient(_columns(inputs), _columns(y), len(inputs))
    return _stack(values, len(inputs), _dtype(inputs, y))


def cce_forward(y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-sample −Σ_j y_ij log ŷ_ij, shape (n,); dense float labels, no clipping."""
    return _sample_losses("cce", *_probabilities(y_pred, y))


def cce_grad(y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂(mean loss)/∂ŷ, shape (n, c)."""
    return _mean_loss_gradient("cce", *_probabilities(y_pred, y))


def bce_forward(y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Per-sample mean over the k outputs of −y log ŷ − (1 − y) log(1 − ŷ), shape (n,)."""
    return _sample_losses("bce", *_probabilities(y_pred, y))


def bce_grad(y_pred: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂(mean loss)/∂ŷ, shape (n, k)."""
    return _mean_loss_gradient("bce", *_probabilities(y_pred, y))


def _logits_and_labels(z: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z, y = _matrix(z, "z"), _matrix(y, "y")
    _same_shape(z, y, "z, y")
    return _shift_rows(z), y


def softmax_cce_forward(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Mean over the batch of CCE(softmax(z_i), y_i), a 0-d array; any label rows."""
    return np.mean(_sample_losses("softmax_cce", *_logits_and_labels(z, y)))


def softmax_cce_grad(z: np.ndarray, y: np.ndarray) -> np.ndarray:
    """∂(mean loss)/∂z, shape (n, c): (S·Σy − y)/n for any label rows."""
    return _mean_loss_gradient("softmax_cce", *_logits_and_labels(z, y))


# --- Dense --------------------------------------------------------------------------------------


@cache
def _dense(rows: int) -> tuple[Callable, Callable]:
    """Lambdified forward and VJP; the batch size fixes the ones-vector of the bias terms."""
    d = derive.dense()
    n = d.X.shape[0]
    args = [d.X, d.W, d.bias]
    vjp = [d.gradient[name].subs(n, rows) for name in ("X", "W", "bias")]
    return _lambdify(args, d.output.subs(n, rows)), _lambdify([*args, d.G], vjp)


def dense_forward(X: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """X @ W + b, (n, a), (a, k), (1, k) → (n, k)."""
    X, W, b = _matrix(X, "X"), _matrix(W, "W"), _matrix(b, "b")
    if X.shape[1] != W.shape[0] or b.shape != (1, W.shape[1]):
        raise ValueError(f"X, W, b: expected (n, a), (a, k), (1, k); got {X.shape}, {W.shape}, "
                         f"{b.shape}")
    forward, _ = _dense(len(X))
    return np.asarray(forward(X, W, b))


def dense_vjp(X: np.ndarray, W: np.ndarray, b: np.ndarray,
              G: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dX, dW, db) for upstream G (n, k); db has shape (1, k)."""
    output = dense_forward(X, W, b)
    G = _matrix(G, "G")
    _same_shape(output, G, "output, G")
    _, vjp = _dense(len(X))
    dX, dW, db = vjp(X, W, b, G)
    return np.asarray(dX), np.asarray(dW), np.asarray(db)
