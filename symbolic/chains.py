"""Checking the notes' chains of equalities (spec.derivations.CHAINS) step by step.

A step holds when SymPy proves it equal to the step before — to what the notes wrote there or,
if that step carries an erratum, to its correction. A step carrying an erratum holds when a
witness point shows it unequal to the step before and its correction equals the chain's truth.
"""

from __future__ import annotations

from dataclasses import dataclass

from backprop_spec.spec.records import DerivationChain, DerivationStep, Erratum
from backprop_spec.symbolic import algebra


@dataclass(frozen=True)
class StepCheck:
    """The verdict on one step: whether it is as spec/ records it (`ok`), and why."""

    chain: str
    index: int
    notes_text: str
    ok: bool
    detail: str


def erratum_is_real(erratum: Erratum, cases: tuple = ({},)) -> dict[str, float] | None:
    """A witness point where the notes' expression and the correction differ, or None."""
    if erratum.notes_expr is None or erratum.corrected_expr is None:
        raise ValueError(f"erratum {erratum.notes_text!r} has no SymPy expressions to compare")
    return algebra.witness(erratum.notes_expr, erratum.corrected_expr, cases)


def check_step(chain: DerivationChain, index: int) -> StepCheck:
    """Check step `index` of `chain` against the step before it (step 0 against the truth)."""
    step = chain.steps[index]
    if index == 0:
        ok = algebra.equal(step.expr, chain.truth, chain.cases)
        return _verdict(chain, index, ok, "equals the derivative of the forward definition")
    before = chain.steps[index - 1]
    if step.erratum is not None:
        return _check_erratum_step(chain, index, step, before, step.erratum)
    follows = algebra.equal(step.expr, before.expr, chain.cases)
    if not follows and before.erratum is not None:
        follows = algebra.equal(step.expr, before.erratum.corrected_expr, chain.cases)
    detail = "follows from the step before" if follows else "does NOT follow: unrecorded erratum"
    if step.typo is not None and erratum_is_real(step.typo, chain.cases) is None:
        return _verdict(chain, index, False, "recorded typo is not one: both readings are equal")
    return _verdict(chain, index, follows, detail)


def _check_erratum_step(
    chain: DerivationChain, index: int, step: DerivationStep, before: DerivationStep,
    erratum: Erratum,
) -> StepCheck:
    """An erratum step must differ from the step before and its correction equal the truth."""
    previous = [before.expr] + ([before.erratum.corrected_expr] if before.erratum else [])
    witnesses = [algebra.witness(step.expr, p, chain.cases) for p in previous]
    if any(w is None for w in witnesses):
        return _verdict(chain, index, False, "recorded erratum, but the step does follow")
    if erratum_is_real(erratum, chain.cases) is None:
        return _verdict(chain, index, False, "recorded erratum, but notes = corrected")
    if not algebra.equal(erratum.corrected_expr, chain.truth, chain.cases):
        return _verdict(chain, index, False, "the correction does not equal the derivative")
    return _verdict(chain, index, True, f"erratum confirmed, witness {witnesses[0]}")


def _verdict(chain: DerivationChain, index: int, ok: bool, detail: str) -> StepCheck:
    return StepCheck(chain.name, index, chain.steps[index].notes_text, ok, detail)


def check_chain(chain: DerivationChain) -> list[StepCheck]:
    """Every step of one chain, plus whether its conclusion (as corrected) is the truth."""
    return [check_step(chain, index) for index in range(len(chain.steps))]


def conclusion_is_true(chain: DerivationChain) -> bool:
    """The chain's last line, corrected where the notes are wrong, equals the truth."""
    last = chain.steps[-1]
    final = last.erratum.corrected_expr if last.erratum else last.expr
    return algebra.equal(final, chain.truth, chain.cases)
