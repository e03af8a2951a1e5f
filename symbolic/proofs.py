"""Proofs that each gradient SymPy derives from spec/'s forward definition equals the notes'
closed form — the book's operations beyond the notes in symbolic.proofs_book, joined into PROOFS
here. Each proof states its scope (general, or every size up to a bound) and its
assumptions; run_all() runs them all, `python -m backprop_spec.symbolic` prints them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace

import sympy as sp

from backprop_spec.spec import operations as ops
from backprop_spec.spec.records import BCE, CCE, DENSE, RELU, SIGMOID, SOFTMAX, SOFTMAX_CCE
from backprop_spec.symbolic import algebra, derive
from backprop_spec.symbolic.proof_kit import ProofResult, first_failure, loss_failure, loss_scope, result
from backprop_spec.symbolic.proofs_book import BOOK_PROOFS

MAX_CLASSES = 8  # softmax, CCE and combined proofs: every c ≤ MAX_CLASSES
MAX_BATCH = 4  # loss proofs: every batch size n ≤ MAX_BATCH (with every c)
MAX_DENSE = 3  # entrywise cross-check of the matrix-calculus Dense proof: n, a, b ≤ 3
BATCH_CLASSES = 2  # whole-batch loss proofs: c ≤ BATCH_CLASSES with every n ≤ MAX_BATCH
LOSS_LIMITS = (MAX_CLASSES, MAX_BATCH, BATCH_CLASSES)


def prove_dense(wrt: str) -> ProofResult:
    """Dense VJP: ∂/∂V tr(Gᵀ(XW + 1·bias)) equals the notes' closed form, as matrix
    expressions of symbolic size, then entry by entry for every n, a, b ≤ MAX_DENSE."""
    derived = derive.dense()
    closed = ops.dense_closed_forms(derived.X, derived.W, derived.G)[wrt]
    failure = None if derived.gradient[wrt] == closed else "the matrix expressions"
    sizes = [(n, a, b) for n in range(1, MAX_DENSE + 1) for a in range(1, MAX_DENSE + 1)
             for b in range(1, MAX_DENSE + 1)]
    failure = failure or first_failure(
        (f"n, a, b = {size}", difference) for size in sizes
        for difference in _dense_entry_differences(wrt, *size)
    )
    return result("Dense", f"∂/∂{wrt}", DENSE,
                  f"general (matrix calculus); entrywise for n, a, b ≤ {MAX_DENSE}",
                  "G = ∂loss/∂output: the loss depends on the parameters only through output",
                  failure)


def _dense_entry_differences(wrt: str, n: int, a: int, b: int) -> Iterator[sp.Expr]:
    X, W = sp.Matrix(n, a, sp.symbols(f"x:{n * a}")), sp.Matrix(a, b, sp.symbols(f"w:{a * b}"))
    bias, G = sp.Matrix(1, b, sp.symbols(f"c:{b}")), sp.Matrix(n, b, sp.symbols(f"g:{n * b}"))
    output = X * W + sp.ones(n, 1) * bias
    pairing = sum((G[i, j] * output[i, j] for i in range(n) for j in range(b)), sp.Integer(0))
    variable = {"X": X, "W": W, "bias": bias}[wrt]
    closed = {"X": G * W.T, "W": X.T * G, "bias": sp.ones(1, n) * G}[wrt]
    for index in range(len(variable)):
        yield sp.diff(pairing, variable[index]) - closed[index]


def prove_relu() -> ProofResult:
    """ReLU': SymPy's derivative of the piecewise definition equals the notes' 1 / 0, x ≠ 0."""
    derived = derive.relu()
    x = derived.inputs[0]
    sides = {"x > 0": sp.Symbol("x_pos", positive=True), "x < 0": sp.Symbol("x_neg", negative=True)}
    failure = first_failure(
        (side, (derived.gradient[0] - ops.relu_closed_form(x)).subs(x, value))
        for side, value in sides.items()
    )
    return result("ReLU", "dy/dx", RELU, "general, x ≠ 0", "x real, off the kink", failure)


def prove_relu_kink() -> ProofResult:
    """At x = 0: one-sided difference quotients 0 and 1, the notes' choice inside [0, 1], and
    SymPy's Heaviside(0) = 1/2, one more valid choice."""
    h = sp.Symbol("h", positive=True)
    relu = derive.relu().forward[0]
    x = derive.relu().inputs[0]
    left = sp.limit((relu.subs(x, -h) - relu.subs(x, 0)) / (-h), h, 0)
    right = sp.limit((relu.subs(x, h) - relu.subs(x, 0)) / h, h, 0)
    low, high = ops.RELU_SUBGRADIENT_INTERVAL
    checks = {
        "left derivative": left == ops.RELU_ONE_SIDED_AT_ZERO["left"],
        "right derivative": right == ops.RELU_ONE_SIDED_AT_ZERO["right"],
        "interval = [left, right]": (low, high) == (left, right),
        "notes' value in interval": low <= ops.NOTES_RELU_AT_ZERO <= high,
        "book value in interval": low <= ops.BOOK_AND_PYTORCH_RELU_AT_ZERO <= high,
        "Heaviside(0)": sp.diff(sp.Max(0, x), x).subs(x, 0) == ops.SYMPY_HEAVISIDE_AT_ZERO,
    }
    failure = next((name for name, holds in checks.items() if not holds), None)
    return result("ReLU", "subgradient at 0", RELU, "x = 0 exactly",
                  "convex ReLU: subdifferential at 0 = [left, right]", failure)


def prove_softmax_jacobian(max_classes: int = MAX_CLASSES) -> ProofResult:
    """∂S_j/∂z_k = S_j(δ_jk − S_k) for every entry of every c ≤ max_classes."""
    def differences() -> Iterator[tuple[str, sp.Expr]]:
        for c in range(1, max_classes + 1):
            derived = derive.softmax(c)
            for j in range(c):
                for k in range(c):
                    closed = ops.softmax_jacobian_closed_form(derived.forward, j, k)
                    yield f"c={c}, j={j + 1}, k={k + 1}", derived.jacobian[j, k] - closed
    return result("Softmax", "∂S_j/∂z_k", SOFTMAX, f"c ≤ {max_classes}, every entry",
                  "one row; rows are independent", first_failure(differences()))


def prove_softmax_shift_invariance() -> ProofResult:
    """softmax(z + t) = softmax(z) for any number of classes: the references may subtract the
    row max, and the Jacobian, a derivative of the same function, is unchanged too."""
    z, t = sp.IndexedBase("z", real=True), sp.Symbol("t", real=True)
    j, classes = sp.Symbol("j", integer=True), sp.Symbol("c", integer=True, positive=True)
    softmax = ops.softmax_indexed(z, j, classes)
    shifted = softmax.replace(lambda e: isinstance(e, sp.Indexed) and e.base == z,
                              lambda e: e + t)
    difference = shifted - softmax
    failure = None if sp.factor_terms(sp.expand(difference)) == 0 else "symbolic c"
    return result("Softmax", "shift invariance", SOFTMAX, "general: any number of classes",
                  "t any real shift", failure)


def prove_cce(limits: tuple[int, int, int] = LOSS_LIMITS) -> ProofResult:
    """∂(mean CCE)/∂ŷ_ik = −y_ik/ŷ_ik/n for every entry."""
    failure = loss_failure(derive.cce, ops.cce_sample_loss,
                           lambda p, y, k, n: ops.cce_closed_form(p[k], y[k], n),
                           limits, {"positive": True})
    return result("CCE", "∂L/∂ŷ", CCE, loss_scope(limits),
                  "ŷ > 0; any real labels (one-hot or soft)", failure)


def prove_bce(limits: tuple[int, int, int] = LOSS_LIMITS) -> ProofResult:
    """∂(mean BCE)/∂ŷ_ik = −(y/ŷ − (1 − y)/(1 − ŷ))/J/n for every entry."""
    failure = loss_failure(derive.bce, ops.bce_sample_loss,
                           lambda p, y, k, n: ops.bce_closed_form(p[k], y[k], len(p), n),
                           limits, {"positive": True})
    return result("BCE", "∂L/∂ŷ", BCE, loss_scope(limits, "J"), "0 < ŷ < 1; any real labels",
                  failure)


def prove_sigmoid() -> ProofResult:
    """σ' = σ(1 − σ) in general, and the overflow-free form e^z/(1 + e^z) equals σ, with the
    same derivative — the form the references use for negative inputs."""
    plain, negative_form = derive.sigmoid()
    s = plain.forward[0]
    failure = first_failure(iter([
        ("σ' = σ(1 − σ)", plain.gradient[0] - ops.sigmoid_closed_form(s)),
        ("e^z/(1 + e^z) = σ", negative_form.forward[0] - s),
        ("its derivative = σ(1 − σ)", negative_form.gradient[0] - ops.sigmoid_closed_form(s)),
    ]))
    return result("Sigmoid", "dσ/dz", SIGMOID, "general: any real z", "z real", failure)


def prove_softmax_cce(limits: tuple[int, int, int] = LOSS_LIMITS) -> ProofResult:
    """∂(mean CCE(softmax(z), y))/∂z_ik = (S_ik·Σ_j y_ij − y_ik)/n, for any label rows. Both
    parts differentiate through log S_j = z_j − log Σ e^{z_l}, proved first (e^{log form} = S_j,
    and e^x is injective on the reals)."""
    failure = first_failure(
        (f"log S_{j + 1}, c={c}", sp.exp(log_s) - s)
        for c in range(1, limits[0] + 1)
        for j, (log_s, s) in enumerate(zip(ops.log_softmax(derive.row_symbols("z", c, real=True)),
                                           ops.softmax(derive.row_symbols("z", c, real=True)),
                                           strict=True))
    ) or loss_failure(
        derive.softmax_cce, _softmax_cce_through_log_softmax,
        lambda z, y, k, n: ops.softmax_cce_closed_form_general(ops.softmax(z), y, k, n),
        limits, {"real": True})
    return result("Softmax+CCE", "∂L/∂z (S·Σy − y)/n", SOFTMAX_CCE, loss_scope(limits),
                  "any real label rows; log S_j = z_j − log Σe^{z_l} as e^{·} is injective",
                  failure)


def _softmax_cce_through_log_softmax(z: ops.Row, y: ops.Row) -> sp.Expr:
    """ops.softmax_cce_sample_loss with log S_j written z_j − log Σ e^{z_l}."""
    return ops.cce_of_log_probabilities(ops.log_softmax(z), y)


def prove_softmax_cce_normalised(max_classes: int = MAX_CLASSES) -> ProofResult:
    """(S − y)/n under Σy = 1 (substituting y_c = 1 − Σ_{j<c} y_j), and that the assumption
    matters: without it derived − (S − y)/n = S_k(Σy − 1)/n, nonzero at a witness point."""
    def differences() -> Iterator[tuple[str, sp.Expr]]:
        for c in range(1, max_classes + 1):
            derived = derive.softmax_cce(c)
            z, y = derived.inputs, derived.labels
            s, n = ops.softmax(z), derive.batch_size
            normalise = {y[-1]: 1 - sp.Add(*y[:-1])}
            for k in range(c):
                short = ops.softmax_cce_closed_form(s, y, k, n)
                yield f"c={c}, k={k + 1} under Σy = 1", (derived.gradient[k] - short).subs(normalise)
                gap = s[k] * (sp.Add(*y) - 1) / n
                yield f"c={c}, k={k + 1} gap", derived.gradient[k] - short - gap
        two = derive.softmax_cce(2)
        short = ops.softmax_cce_closed_form(ops.softmax(two.inputs), two.labels, 0, derive.batch_size)
        if algebra.witness(two.gradient[0], short) is None:
            yield "c=2: no witness that Σy = 1 matters", sp.Integer(1)
    return result("Softmax+CCE", "∂L/∂z (S − y)/n", SOFTMAX_CCE, f"c ≤ {max_classes}",
                  "label rows sum to 1 (one-hot, or soft labels that are distributions); "
                  "without it the gap is S·(Σy − 1)/n", first_failure(differences()))


PROOFS: dict[str, Callable[[], ProofResult]] = {
    "dense_weight": lambda: prove_dense("W"),
    "dense_input": lambda: prove_dense("X"),
    "dense_bias": lambda: prove_dense("bias"),
    "relu": prove_relu,
    "relu_kink": prove_relu_kink,
    "softmax_jacobian": prove_softmax_jacobian,
    "softmax_shift_invariance": prove_softmax_shift_invariance,
    "cce": prove_cce,
    "sigmoid": prove_sigmoid,
    "bce": prove_bce,
    "softmax_cce_general": prove_softmax_cce,
    "softmax_cce_normalised": prove_softmax_cce_normalised,
    **BOOK_PROOFS,
}


def run(name: str) -> ProofResult:
    """Run one proof by name, timed."""
    start = time.perf_counter()
    result = PROOFS[name]()
    return replace(result, seconds=time.perf_counter() - start)


def run_all() -> list[ProofResult]:
    """Every proof, in PROOFS order."""
    return [run(name) for name in PROOFS]
