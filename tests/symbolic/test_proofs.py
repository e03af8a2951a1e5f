"""Every gradient SymPy derives from spec/'s forward definitions equals the notes' closed form
(symbolic.proofs), and the proof machinery rejects a wrong closed form."""

from __future__ import annotations

import pytest
import sympy as sp

from backprop_spec.spec import book_operations as book
from backprop_spec.spec import operations as ops
from backprop_spec.spec.records import from_the_book
from backprop_spec.symbolic import algebra, derive, kinks, proof_kit, proofs, proofs_book
from tests.helpers import proof


@pytest.mark.parametrize("name", list(proofs.PROOFS))
def test_proof_holds(name: str) -> None:
    """Each proof of symbolic.proofs.PROOFS, one test each, with its scope stated."""
    result = proof(name)
    assert result.ok, f"{result.operation} {result.gradient}: {result.detail}"
    assert result.scope and result.assumptions
    assert result.section.startswith("§") or from_the_book(result.section)


def test_proofs_cover_every_gradient_of_the_notes_and_the_book() -> None:
    """There is a proof for every operation spec.operations.GRADIENTS and
    spec.book_operations.BOOK_GRADIENTS list, the book's cited from the book."""
    proved = {proof(name).operation for name in proofs.PROOFS}
    assert {g.operation for g in ops.GRADIENTS + book.BOOK_GRADIENTS} <= proved
    assert all(from_the_book(proof(name).section) for name in proofs_book.BOOK_PROOFS)


def test_a_wrong_closed_form_is_rejected() -> None:
    """The loss proof finds the 1/n the notes' CCE code divides by: dropping it must fail."""
    failure = proof_kit.loss_failure(
        derive.cce, ops.cce_sample_loss, lambda p, y, k, n: -y[k] / p[k], (3, 2, 2),
        {"positive": True})
    assert failure is not None and failure.startswith("row c=1")


def test_a_wrong_softmax_jacobian_is_rejected() -> None:
    """S_j(δ_jk − S_j), an index slip, differs from the derived Jacobian off the diagonal."""
    derived = derive.softmax(3)
    s = derived.forward
    wrong = s[0] * (sp.KroneckerDelta(0, 1) - s[0])
    assert not algebra.is_zero(derived.jacobian[0, 1] - wrong)


def test_relu_kink_data() -> None:
    """§二 ReLu: the notes' mask passes the gradient at 0 (1), the book blocks it (0), both
    inside the subgradient interval [0, 1] that the one-sided derivatives bound."""
    assert kinks.RELU_SUBGRADIENT_INTERVAL == (0, 1)
    assert kinks.NOTES_RELU_AT_ZERO == 1
    assert kinks.BOOK_AND_PYTORCH_RELU_AT_ZERO == 0
    assert kinks.RELU_ONE_SIDED_AT_ZERO == {"left": 0, "right": 1}
    assert sp.Heaviside(0) == kinks.SYMPY_HEAVISIDE_AT_ZERO == sp.Rational(1, 2)


def test_combined_gradient_needs_normalised_labels() -> None:
    """(S − y)/n is wrong for label rows that do not sum to 1: at y = (1, 1) the general form
    (S·Σy − y)/n gives 2S − y, which (S − y) misses by S."""
    derived = derive.softmax_cce(2)
    z, y = derived.inputs, derived.labels
    at = {z[0]: 0, z[1]: 0, y[0]: 1, y[1]: 1, derive.batch_size: 1}
    assert derived.gradient[0].subs(at) == 0  # 2·(1/2) − 1
    assert ops.softmax_cce_closed_form(ops.softmax(z), y, 0, 1).subs(at) == sp.Rational(-1, 2)


@pytest.mark.slow
@pytest.mark.parametrize("prove", [proofs.prove_cce, proofs.prove_bce, proofs.prove_softmax_cce])
def test_loss_proofs_on_whole_batches_of_every_class_count(prove) -> None:
    """The loss proofs with whole batches n ≤ 4 of every c ≤ 8, not only c ≤ 3."""
    result = prove((proofs.MAX_CLASSES, proofs.MAX_BATCH, proofs.MAX_CLASSES))
    assert result.ok, result.detail


@pytest.mark.slow
def test_softmax_jacobian_up_to_twelve_classes() -> None:
    """The entrywise softmax Jacobian proof extended to c ≤ 12."""
    result = proofs.prove_softmax_jacobian(12)
    assert result.ok, result.detail


def test_a_wrong_mse_closed_form_is_rejected() -> None:
    """MSE without the 2 of d(y − ŷ)²/dŷ fails on the first row."""
    failure = proof_kit.loss_failure(
        derive.mse, book.mse_sample_loss, lambda p, y, k, n: -(y[k] - p[k]) / len(p) / n, (2, 2, 1),
        {"real": True})
    assert failure is not None and failure.startswith("row c=1")


def test_the_books_mae_sign_as_closed_form_is_rejected() -> None:
    """The book's sign(y − ŷ)/J/n does not pass the MAE proof."""
    failure = proof_kit.loss_failure(
        derive.mae, book.mae_sample_loss,
        lambda p, y, k, n: book.book_mae_backward(p[k], y[k], len(p), n), (2, 2, 1), {"real": True})
    assert failure is not None


def test_the_book_sign_proof_needs_the_book_to_err(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the book's line the gradient, prove_mae_book_sign would fail: it shows a difference."""
    monkeypatch.setattr(book, "book_mae_backward", book.mae_closed_form)
    assert not proofs_book.prove_mae_book_sign(2).ok


@pytest.mark.parametrize(("name", "wrong"), [
    ("regularization_closed_form", lambda w, l1, l2: l1 * sp.sign(w) + l2 * w),  # the 2 of 2λ₂ lost
    ("regularization_closed_form", lambda w, l1, l2: 2 * l2 * w),  # the L1 term lost
    ("dropout_closed_form", lambda mask: sp.Integer(1)),  # the mask ignored in backward
    ("linear_closed_form", lambda x: sp.Integer(0)),
])
def test_a_wrong_book_closed_form_is_rejected(monkeypatch: pytest.MonkeyPatch, name: str, wrong) -> None:
    """Each book proof compares with spec.book_operations' closed form: a wrong one fails it."""
    monkeypatch.setattr(book, name, wrong)
    prove = {"regularization_closed_form": lambda: proofs_book.prove_regularization("W", 1),
             "dropout_closed_form": lambda: proofs_book.prove_dropout(1),
             "linear_closed_form": proofs_book.prove_linear}[name]
    assert not prove().ok


def test_a_fresh_mask_is_not_the_gradient() -> None:
    """d(x·m)/dx is m, not a different mask m′: backward must reuse the forward's mask."""
    derived = derive.dropout()
    other = sp.Symbol("m_fresh", real=True)
    assert algebra.witness(derived.training_gradient, other) is not None


def test_mae_and_l1_kink_data() -> None:
    """MAE at ŷ = y and L1 at w = 0: one-sided derivatives −1 and 1 bound the subgradient
    interval, which holds impl/'s MAE sign(0) = 0 and the book's L1 sign(0) = 1."""
    assert kinks.MAE_ONE_SIDED_AT_KINK == kinks.L1_ONE_SIDED_AT_ZERO == {"left": -1, "right": 1}
    assert kinks.MAE_SUBGRADIENT_INTERVAL == kinks.L1_SUBGRADIENT_INTERVAL == (-1, 1)
    assert kinks.IMPL_MAE_AT_KINK == 0 and kinks.BOOK_L1_SIGN_AT_ZERO == 1
    assert kinks.MAE_KINKS == kinks.L1_KINKS == ((0.0, 0.0),)
    assert sp.sign(0) == kinks.IMPL_MAE_AT_KINK
