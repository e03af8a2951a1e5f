"""Every erratum found in the notes: the slips in their derivation chains, two in their formulas
and the false claims in their code comments; and one of the book's, in the MAE backward beyond
the notes. ERRATA is what a SPEC.md renderer prints.
"""

from __future__ import annotations

import sympy as sp

from backprop_spec.spec import book_operations as book
from backprop_spec.spec.code_claims import CODE_CLAIMS
from backprop_spec.spec.derivations import CHAINS
from backprop_spec.spec.records import DENSE, MAE, RELU, CodeClaim, Erratum


def _dense_products_as_written() -> str:
    """What SymPy says of the notes' `dvalue * x` and `dvalue * w` read as matrix products."""
    n, a, b = 3, 2, 4  # no two sizes equal, so no product conforms by accident
    x, w, g = (sp.MatrixSymbol(name, *shape) for name, shape in
               (("X", (n, a)), ("W", (a, b)), ("G", (n, b))))
    results = []
    for text, make in (("dvalue*x", lambda: g * x), ("dvalue*w", lambda: g * w)):
        try:
            make()
            results.append(f"{text} conforms")
        except sp.ShapeError as error:
            results.append(f"{text}: ShapeError ({error})")
    results.append(f"Xᵀ·G has shape {(x.T * g).shape} = weight's, G·Wᵀ {(g * w.T).shape} = input's")
    return "; ".join(results)


DENSE_MATRIX_ORDER = Erratum(
    DENSE,
    "∂loss/∂w = dvalue * x,  ∂loss/∂x = dvalue * w  (for y = wx + b)",
    "with the code's row convention output = x·w + b: ∂loss/∂w = xᵀ·dvalue, "
    "∂loss/∂x = dvalue·wᵀ (what the code computes)",
    "the lines hold for one scalar entry; as matrix products their order and transposes are lost.",
    demonstrate=_dense_products_as_written,
)

_dvalue = sp.Symbol("dvalue", real=True)
RELU_JACOBIAN_DIAGONAL = Erratum(
    RELU,
    "从矩阵的角度看 ∂y/∂x 是一个对角方阵,对角线上的值为dvalue或0",
    "∂y/∂x is diagonal with 1 (x > 0) or 0 (x < 0) on the diagonal; dvalue·∂y/∂x has dvalue or 0",
    "the Jacobian of ReLU does not contain the upstream gradient; at an entry with x > 0 its "
    "diagonal value is 1.",
    notes_expr=_dvalue,
    corrected_expr=sp.Integer(1),
)


_y_pred, _y = sp.symbols("ŷ y", real=True)
_outputs, _n = sp.symbols("J n", positive=True, integer=True)
BOOK_MAE_SIGN = Erratum(
    MAE,
    "Loss_MeanAbsoluteError.backward: `np.sign(y_true - dvalues) / outputs`, then `/ samples`",
    "−sign(y − ŷ)/J/n, i.e. `-np.sign(y_true - dvalues) / outputs / samples`: "
    "∂|y − ŷ|/∂ŷ = −sign(y − ŷ)",
    "the book's line drops the minus of the chain rule (∂(y − ŷ)/∂ŷ = −1): it is the gradient "
    "negated, so a descent step along it climbs the loss.",
    notes_expr=book.book_mae_backward(_y_pred, _y, _outputs, _n),
    corrected_expr=book.mae_closed_form(_y_pred, _y, _outputs, _n),
)


def _from_claim(claim: CodeClaim) -> Erratum:
    """The erratum for a false code-comment claim, its evidence the check's observation."""
    return Erratum(
        claim.section,
        claim.notes_text,
        claim.correction,
        "checked by running the notes' code:",
        demonstrate=lambda: claim.check()[1],
    )


CHAIN_ERRATA: tuple[Erratum, ...] = tuple(e for chain in CHAINS for e in chain.errata)
FORMULA_ERRATA: tuple[Erratum, ...] = (DENSE_MATRIX_ORDER, RELU_JACOBIAN_DIAGONAL)
CODE_ERRATA: tuple[Erratum, ...] = tuple(
    _from_claim(claim) for claim in CODE_CLAIMS if not claim.claim_holds
)
BOOK_ERRATA: tuple[Erratum, ...] = (BOOK_MAE_SIGN,)
ERRATA: tuple[Erratum, ...] = CHAIN_ERRATA + FORMULA_ERRATA + CODE_ERRATA + BOOK_ERRATA
