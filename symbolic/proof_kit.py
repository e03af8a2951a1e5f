"""What every proof shares: its result record, the search for the first difference SymPy cannot
reduce to 0, and the loss proofs' row-and-batch scheme (symbolic.proofs, symbolic.proofs_book)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import sympy as sp

from backprop_spec.spec import operations as ops
from backprop_spec.symbolic import algebra, derive


@dataclass(frozen=True)
class ProofResult:
    """One gradient's proof: derived from the forward definition, equal to the closed form?"""

    operation: str
    gradient: str
    section: str
    scope: str
    assumptions: str
    ok: bool
    detail: str
    seconds: float = 0.0


def first_failure(cases: Iterator[tuple[str, sp.Expr]]) -> str | None:
    """The label of the first difference SymPy cannot reduce to 0, or None if all vanish."""
    for label, difference in cases:
        if not algebra.is_zero(difference):
            return label
    return None


def result(op: str, wrt: str, section: str, scope: str, assumptions: str,
           failure: str | None) -> ProofResult:
    detail = "derived = closed form" if failure is None else f"differs at {failure}"
    return ProofResult(op, wrt, section, scope, assumptions, failure is None, detail)


def batch_symbols(rows: int, classes: int, make: Callable, input_sign: dict[str, bool]) -> tuple:
    """Symbols for a batch and its mean loss: inputs[i][k], labels[i][k], mean loss."""
    inputs = [derive.row_symbols(f"p{i}", classes, **input_sign) for i in range(rows)]
    labels = [derive.row_symbols(f"y{i}", classes, real=True) for i in range(rows)]
    loss = ops.mean_over_batch([make(p, y) for p, y in zip(inputs, labels, strict=True)])
    return inputs, labels, loss


def loss_failure(row: Callable[[int], derive.RowDerivation], make: Callable,
                 closed: Callable, limits: tuple[int, int, int],
                 input_sign: dict[str, bool]) -> str | None:
    """First place where a derived loss gradient differs from closed(inputs, labels, k, n).

    Two parts: one row of every size c ≤ max_classes with the batch size n symbolic (what the
    references evaluate), and whole batches n ≤ max_batch of c ≤ batch_classes, differentiated
    from the definition, which shows that rows are independent and the mean brings the 1/n.
    """
    max_classes, max_batch, batch_classes = limits

    def differences() -> Iterator[tuple[str, sp.Expr]]:
        for c in range(1, max_classes + 1):
            derived = row(c)
            for k in range(c):
                expected = closed(derived.inputs, derived.labels, k, derive.batch_size)
                yield f"row c={c}, k={k + 1}", derived.gradient[k] - expected
        for n in range(1, max_batch + 1):
            for c in range(1, batch_classes + 1):
                inputs, labels, loss = batch_symbols(n, c, make, input_sign)
                for i in range(n):
                    for k in range(c):
                        expected = closed(inputs[i], labels[i], k, n)
                        yield f"batch n={n}, c={c}, i={i + 1}, k={k + 1}", (
                            sp.diff(loss, inputs[i][k]) - expected)
    return first_failure(differences())


def loss_scope(limits: tuple[int, int, int], classes: str = "c") -> str:
    max_classes, max_batch, batch_classes = limits
    return (f"row: {classes} ≤ {max_classes}, n symbolic; batch: n ≤ {max_batch}, "
            f"{classes} ≤ {batch_classes}; every entry")
