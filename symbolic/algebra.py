"""Deciding equality of two SymPy expressions: a proof when they are equal, a numeric witness
point when they are not (a nonzero simplified difference alone does not prove inequality)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import sympy as sp

Case = Mapping[sp.Basic, sp.Basic]


def evaluate(expr: sp.Expr) -> sp.Expr:
    """Carry out unevaluated Derivatives and Sums until nothing changes."""
    for _ in range(4):
        done = expr.doit()
        if done == expr:
            break
        expr = done
    return expr


def is_zero(expr: sp.Expr) -> bool:
    """True when SymPy proves expr identically 0: expand, then cancel (fast on rational
    functions of exponentials), full simplify only if both are inconclusive."""
    if expr.has(sp.Derivative, sp.Sum, sp.Subs):
        expr = evaluate(expr)
    if expr == 0 or sp.expand(expr) == 0 or sp.cancel(expr) == 0:
        return True
    return bool(sp.simplify(expr) == 0)


def equal(a: sp.Expr, b: sp.Expr, cases: Iterable[Case] = ({},)) -> bool:
    """a = b proved under every case substitution."""
    return all(is_zero(sp.sympify(a - b).subs(case)) for case in cases)


def witness(a: sp.Expr, b: sp.Expr, cases: Iterable[Case] = ({},)) -> dict[str, float] | None:
    """A concrete point where a ≠ b, as {symbol: value, 'difference': a − b}, or None.

    Integer (size and index) symbols are set to 1, which makes symbolic sums finite; the other
    symbols get distinct values in (0, 1), valid for logits, probabilities and labels alike.
    """
    for case in cases:
        difference = evaluate(sp.sympify(a - b).subs(case))
        sizes = {s: 1 for s in difference.free_symbols if s.is_integer}
        difference = evaluate(difference.subs(sizes))
        variables = sorted(_variables(difference), key=sp.default_sort_key)
        for offset in (0, 7):
            point = {v: sp.Rational(2 + i + offset, 5 + 3 * i + offset)
                     for i, v in enumerate(variables)}
            value = sp.N(difference.subs(point), 30)
            if value.is_number and abs(value) > 1e-12:
                return {str(v): float(x) for v, x in point.items()} | {"difference": float(value)}
    return None


def _variables(expr: sp.Expr) -> set[sp.Basic]:
    """The scalar unknowns of expr: plain symbols and indexed entries y[1], not the base y."""
    indexed = expr.atoms(sp.Indexed)
    labels = {entry.base.label for entry in indexed}
    plain = {s for s in expr.atoms(sp.Symbol) if s not in labels}
    return plain | indexed
