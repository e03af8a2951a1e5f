"""The record types spec/ is made of: the notes' sections, derivation chains and errata.

Plain frozen dataclasses holding SymPy expressions and the notes' text, so that symbolic/ can
check them and a later SPEC.md renderer can print them without re-deriving anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

# The notes' headings, as cited throughout spec/. The notes number Dense "—、" (read 一) and
# ReLU "二" under "二、代码"; Softmax and BCE have no heading of their own, only "公式".
DENSE = "§二 代码 › Dense Layer"
RELU = "§二 代码 › 二、ReLu"
CCE = "§三 Categorical Cross-Entropy loss"
SOFTMAX = "§三 › Softmax (公式 after the CCE code)"
SIGMOID = "§五 Sigmoid"
BCE = "§五 › Binary Cross-Entropy (公式 after the Sigmoid code)"
SOFTMAX_CCE = "§三 CCE + Softmax, combined (the notes give each half, not the combination)"

# The notes stop at the six layers above; the operations below come from the book they follow,
# *Neural Networks from Scratch* (Kinsley, Kukieła), cited by chapter, never from the notes.
BOOK = "the book, not the notes:"
REGULARIZATION = f"{BOOK} ch. 14 L1 and L2 Regularization"
DROPOUT = f"{BOOK} ch. 15 Dropout"
LINEAR = f"{BOOK} ch. 17 Regression › Activation_Linear"
MSE = f"{BOOK} ch. 17 Regression › Loss_MeanSquaredError"
MAE = f"{BOOK} ch. 17 Regression › Loss_MeanAbsoluteError"


def from_the_book(section: str) -> bool:
    """True for the sections cited from the book rather than the notes."""
    return section.startswith(BOOK)


@dataclass(frozen=True)
class Erratum:
    """One place where the notes (or, for a section of the book, the book) are wrong: their text,
    the corrected text and the evidence.

    Step errata carry both sides as SymPy expressions; `evidence` then reports what SymPy makes
    of their difference. Errata about NumPy behaviour carry a `demonstrate` callable instead,
    which runs the notes' code and returns what it observed.
    """

    section: str
    notes_text: str
    corrected: str
    explanation: str
    notes_expr: sp.Expr | None = None
    corrected_expr: sp.Expr | None = None
    demonstrate: Callable[[], str] | None = None

    @property
    def difference(self) -> sp.Expr | None:
        """notes − corrected, simplified; None for errata about NumPy behaviour."""
        if self.notes_expr is None or self.corrected_expr is None:
            return None
        return sp.factor(sp.cancel(sp.expand(self.notes_expr - self.corrected_expr)))

    @property
    def evidence(self) -> str:
        """The explanation followed by what SymPy (or NumPy) shows, ready to print."""
        if self.demonstrate is not None:
            return f"{self.explanation} Observed: {self.demonstrate()}"
        source = "book" if from_the_book(self.section) else "notes"
        return f"{self.explanation} SymPy: {source} − corrected = {self.difference}"


@dataclass(frozen=True)
class DerivationStep:
    """One member of a chain of equalities: the notes' text and its literal SymPy reading.

    `expr` may contain unevaluated Derivatives (evaluated when checked). `erratum` is set when
    the notes' step does not follow: its `corrected_expr` is what the step should say. `typo`
    is an erratum in how the step is written that leaves its value, and so the chain, intact.
    """

    notes_text: str
    expr: sp.Expr
    erratum: Erratum | None = None
    typo: Erratum | None = None


@dataclass(frozen=True)
class DerivationChain:
    """A chain of equalities the notes write out, with the scope and assumptions it holds under.

    `truth` is the quantity the chain computes, derived by SymPy from the forward definition.
    Steps are compared under each substitution in `cases` (e.g. j = k and j ≠ k for a δ).
    """

    name: str
    section: str
    scope: str
    assumptions: str
    truth: sp.Expr
    steps: tuple[DerivationStep, ...]
    cases: tuple[dict[sp.Basic, sp.Basic], ...] = ({},)

    @property
    def errata(self) -> tuple[Erratum, ...]:
        """The errata recorded on this chain's steps, in order."""
        found = (step.erratum or step.typo for step in self.steps)
        return tuple(erratum for erratum in found if erratum is not None)


@dataclass(frozen=True)
class CodeClaim:
    """A checkable claim in the notes' code comments and the NumPy run that checks it.

    `check()` returns (whether the claim held, what was observed); `claim_holds` is what spec/
    records about it — a False here comes with an Erratum in spec.errata, whose corrected text
    is `correction`.
    """

    section: str
    notes_text: str
    claim_holds: bool
    check: Callable[[], tuple[bool, str]]
    correction: str = ""
