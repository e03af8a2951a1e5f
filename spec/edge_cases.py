"""The edge-case catalogue: every pitfall of the notes and every convention impl/ chose, as data
that SPEC.md is rendered from (`python -m backprop_spec.spec`).

Each EdgeCase (spec/probes.py) names its operation, the triggering input, a probe that runs the
notes' literal code and one that runs impl/ on it, PyTorch's behaviour as a cited fact, and the
test in tests/impl/test_edge_cases.py that pins impl/'s behaviour. The entries live by topic in
spec/edge_cases_activations.py, spec/edge_cases_losses.py and spec/edge_cases_batches.py, and for
the book's layers beyond the notes in spec/edge_cases_book.py (impl/ only: the notes have no code).
"""

from __future__ import annotations

from dataclasses import dataclass

from backprop_spec.spec import edge_cases_activations, edge_cases_batches, edge_cases_book, edge_cases_losses
from backprop_spec.spec.book_operations import BOOK_GRADIENTS
from backprop_spec.spec.operations import GRADIENTS
from backprop_spec.spec.probes import BATCH, EdgeCase

CATALOGUE: tuple[EdgeCase, ...] = (
    edge_cases_activations.ENTRIES + edge_cases_losses.ENTRIES + edge_cases_book.ENTRIES
    + edge_cases_batches.ENTRIES
)
BY_KEY: dict[str, EdgeCase] = {entry.key: entry for entry in CATALOGUE}

# SPEC.md's sections in order: the notes' operations (spec.operations.GRADIENTS), the book's beyond
# them (spec.book_operations.BOOK_GRADIENTS), then BATCH.
OPERATIONS: tuple[str, ...] = tuple(dict.fromkeys(g.operation for g in GRADIENTS + BOOK_GRADIENTS))
NOTES_SECTION: dict[str, str] = {g.operation: g.section for g in GRADIENTS + BOOK_GRADIENTS}
SECTIONS: tuple[str, ...] = (*OPERATIONS, BATCH)


@dataclass(frozen=True)
class Convention:
    """A choice impl/ made where the notes go wrong or leave it open, and the entries showing it."""

    choice: str
    entries: tuple[str, ...]


CONVENTIONS = (
    Convention("ReLU passes the gradient at exactly 0: the notes' mask `input < 0`, kept "
               "(the right-hand derivative, a valid subgradient)", ("relu_at_zero",)),
    Convention("dbias has bias's shape (1, b) (`keepdims=True`)", ("dense_dbias_shape",)),
    Convention("float32 in gives float32 out; the float64 weights are cast for the product, "
               "never modified", ("dense_float32_kept", "numpy_promotion")),
    Convention("labels of any bool, integer or float dtype are converted to float before any "
               "arithmetic: no uint8 wrap, no bool TypeError",
               ("cce_label_dtypes", "bce_label_dtypes")),
    Convention("ŷ is clipped to [1e-7, 1 − 1e-7] in the forward AND the backward, which is the "
               "closed form at the clipped ŷ: finite at 0 and 1, but not the derivative of the "
               "flat clipped forward beyond the bounds",
               ("cce_zero_prediction", "cce_clip_bounds", "bce_clip_bounds")),
    Convention("CCE labels (n,) and (n, 1) are sparse, (n, c) one-hot or soft; with c = 1 an "
               "(n, 1) array is therefore sparse", ("cce_sparse_column", "one_class")),
    Convention("BCE takes (n, k) labels, or (n,) when k = 1, never an (n, n) broadcast",
               ("bce_label_shapes",)),
    Convention("the fused softmax + CCE backward is (S·Σy − y)/n, right for soft labels that do "
               "not sum to 1", ("softmax_cce_soft_labels", "softmax_cce_nan_row")),
    Convention("Activation_Linear copies: its output and dinput never share memory with the "
               "caller's arrays, as the book's `dvalues.copy()`", ("linear_copy",)),
    Convention("MSE and MAE take (n, J) labels, or (n,) when J = 1, of an integer or float dtype "
               "converted to ŷ's float dtype before any arithmetic",
               ("regression_label_shapes", "regression_integer_labels")),
    Convention("MAE at ŷ = y takes np.sign(0) = 0, a subgradient inside [−1, 1]/(J·n); the "
               "backward is −sign(y − ŷ)/J/n, not the book's sign(y − ŷ)/J/n",
               ("mae_at_equal", "mae_book_sign")),
    Convention("Dropout's `rate` attribute is the keep probability 1 − rate and `binary_mask` the "
               "mask scaled by 1/(1 − rate), as in the book; inference sets the mask to ones",
               ("dropout_rate_zero", "dropout_inference", "dropout_mask_reuse")),
    Convention("L1 at a parameter of exactly 0 adds +λ₁ (the book's sign 1 at 0), a valid "
               "subgradient", ("l1_at_zero",)),
    Convention("empty batches and 1-D samples are refused with a ValueError that says what was "
               "expected", ("empty_batch", "dense_one_sample_as_vector")),
)


def entries_of(section: str) -> tuple[EdgeCase, ...]:
    """The catalogue entries of one SPEC.md section, in catalogue order."""
    return tuple(entry for entry in CATALOGUE if entry.operation == section)
