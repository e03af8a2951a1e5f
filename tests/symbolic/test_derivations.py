"""The notes' chains of equalities, step by step (spec.derivations), their errata, and the
claims in the notes' code comments (spec.code_claims)."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp

from backprop_spec.spec.code_claims import CODE_CLAIMS
from backprop_spec.spec.derivations import CHAINS
from backprop_spec.spec.errata import BOOK_ERRATA, BOOK_MAE_SIGN, CODE_ERRATA, ERRATA
from backprop_spec.spec.records import from_the_book
from backprop_spec.symbolic.chains import check_step, conclusion_is_true, erratum_is_real

STEPS = [(chain, index) for chain in CHAINS for index in range(len(chain.steps))]
SYMBOLIC_ERRATA = [e for e in ERRATA if e.notes_expr is not None]


@pytest.mark.parametrize(("chain", "index"), STEPS,
                         ids=[f"{c.name} #{i}" for c, i in STEPS])
def test_step(chain, index: int) -> None:
    """Each step follows from the one before (or, if recorded as an erratum, really does not)."""
    check = check_step(chain, index)
    assert check.ok, check.detail


@pytest.mark.parametrize("chain", CHAINS, ids=[c.name for c in CHAINS])
def test_conclusion_is_the_derivative(chain) -> None:
    """Each chain's last line, corrected where recorded, is the true derivative."""
    assert conclusion_is_true(chain)


@pytest.mark.parametrize("erratum", SYMBOLIC_ERRATA, ids=[e.notes_text[:40] for e in SYMBOLIC_ERRATA])
def test_erratum_is_real(erratum) -> None:
    """The notes' expression and the correction differ at a concrete point."""
    point = erratum_is_real(erratum)
    assert point is not None and point["difference"] != 0
    assert str(erratum.difference) in erratum.evidence


@pytest.mark.parametrize("claim", CODE_CLAIMS, ids=[c.notes_text[:30] for c in CODE_CLAIMS])
def test_code_claim_behaves_as_recorded(claim) -> None:
    """Running each code-comment claim gives what spec/ records (held or not)."""
    held, observed = claim.check()
    assert held == claim.claim_holds, observed


def test_false_claims_are_errata() -> None:
    """Every false code-comment claim has an erratum with its correction and evidence."""
    false_claims = [c for c in CODE_CLAIMS if not c.claim_holds]
    assert [e.notes_text for e in CODE_ERRATA] == [c.notes_text for c in false_claims]
    assert all(e.corrected and "Observed:" in e.evidence for e in CODE_ERRATA)


@pytest.mark.parametrize("fragment", [
    "[Σ e^{z_il} − e^{z_ik}]²",  # softmax j = k: wrong denominator
    "e^{z_i,l}",  # softmax j = k: l where j is meant
    "−Σ_j y_ij · ∂/∂ŷ_ij",  # CCE: derivative w.r.t. the summation index
    "−Σ_j y_ij/ŷ_ij = −y_ij/ŷ_ij",  # CCE: the dropped sum
    "Σ_i L_ij",  # BCE: Σ_i where Σ_j is meant
    "len(self.bias), len(self.bias)",  # Dense: the ones-matrix dbias
    "keepdims",  # Dense: without keepdims it is not a row
    "得到的值也不同",  # softmax: dot orders "differ"
])
def test_suspected_slip_is_recorded(fragment: str) -> None:
    """The slips reported in issue 3, each verified and recorded as an erratum."""
    assert any(fragment in e.notes_text for e in ERRATA)


def test_a_wrong_step_is_caught() -> None:
    """Replacing the sigmoid chain's σ(1 − σ) by σ(1 + σ) makes its last step fail."""
    sigmoid = next(c for c in CHAINS if c.name == "sigmoid σ'")
    z = sp.Symbol("z", real=True)
    s = 1 / (1 + sp.exp(-z))
    broken = replace(sigmoid, steps=(*sigmoid.steps[:-1],
                                     replace(sigmoid.steps[-1], expr=s * (1 + s))))
    assert not check_step(broken, len(broken.steps) - 1).ok


def test_an_erratum_on_a_correct_step_is_caught() -> None:
    """Recording an erratum on a step that does follow makes the check fail."""
    softmax_jk = next(c for c in CHAINS if c.name == "softmax ∂S_ij/∂z_ik, j = k")
    recorded = softmax_jk.steps[2].erratum
    fine_step = replace(softmax_jk.steps[4], erratum=recorded)
    broken = replace(softmax_jk, steps=(*softmax_jk.steps[:4], fine_step, *softmax_jk.steps[5:]))
    assert not check_step(broken, 4).ok


def test_the_books_mae_sign_is_recorded_as_the_books_erratum() -> None:
    """The book's MAE backward: marked as the book's (not the notes'), and SymPy's verdict is
    book − corrected = 2·sign(y − ŷ)/(J·n), twice the book's own value: the exact negation."""
    assert BOOK_ERRATA == (BOOK_MAE_SIGN,) and all(from_the_book(e.section) for e in BOOK_ERRATA)
    assert not any(from_the_book(e.section) for e in ERRATA if e not in BOOK_ERRATA)
    y_pred, y = sp.symbols("ŷ y", real=True)
    outputs, n = sp.symbols("J n", positive=True, integer=True)
    assert sp.simplify(BOOK_MAE_SIGN.difference - 2 * sp.sign(y - y_pred) / (outputs * n)) == 0
    assert sp.simplify(BOOK_MAE_SIGN.notes_expr + BOOK_MAE_SIGN.corrected_expr) == 0
    assert "SymPy: book − corrected" in BOOK_MAE_SIGN.evidence
