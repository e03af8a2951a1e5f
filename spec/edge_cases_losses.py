"""Edge cases of CCE (§三), BCE (the BCE 公式 after §五) and softmax followed by CCE: predictions
at 0 and at the clip bounds, label dtypes and shapes, soft labels. Each probe runs the same steps
on spec.notes_code and on impl/."""

from __future__ import annotations

from types import ModuleType

import numpy as np

from backprop_spec import impl
from backprop_spec.spec import notes_code
from backprop_spec.spec.probes import EdgeCase, attempt, number, pinned, show

Y_PRED = np.array([[0.5, 0.5], [0.25, 0.75]])  # float labels [[1, 0], [0, 1]] give [[-1, 0], [0, -2/3]]
ONE_HOT = np.array([[1, 0], [0, 1]])
STEP = 1e-9  # central-difference step: inside the clip region at every point probed


def _cce_backward(module: ModuleType, y_pred: np.ndarray, labels: np.ndarray) -> np.ndarray:
    loss = module.Loss_CategoricalCrossentropy()
    loss.backward(y_pred, labels)
    return loss.dinput


def _bce_backward(module: ModuleType, y_pred: np.ndarray, labels: np.ndarray) -> np.ndarray:
    loss = module.Loss_BinaryCrossentropy()
    loss.backward(y_pred, labels)
    return loss.dinput


def _numeric_vs_backward(module: ModuleType, loss_name: str, y_pred: np.ndarray,
                         labels: np.ndarray) -> str:
    """Central difference of the mean forward loss in ŷ[0, 0] against backward's [0, 0]."""
    loss = getattr(module, loss_name)()

    def mean_loss(shift: float) -> float:
        moved = y_pred.copy()
        moved[0, 0] += shift
        return float(np.mean(loss.forward(moved, labels)))

    numeric = (mean_loss(STEP) - mean_loss(-STEP)) / (2 * STEP)
    loss.backward(y_pred, labels)
    return f"ŷ = {y_pred[0, 0]:.10g}: numeric {number(numeric)}, backward {number(loss.dinput[0, 0])}"


# --- probes ---------------------------------------------------------------------------------------


def _cce_zero(module: ModuleType) -> str:
    return f"dinput {show(_cce_backward(module, np.array([[0.0, 1.0], [0.0, 1.0]]), ONE_HOT))}"


def _cce_clip(module: ModuleType) -> str:
    points = [np.array([[p, 1 - p]]) for p in (5e-8, 1e-7, 2e-7)] + [np.array([[1 - 1e-8, 1e-8]])]
    return "; ".join(_numeric_vs_backward(module, "Loss_CategoricalCrossentropy", p, np.array([0]))
                     for p in points)


def _cce_label_dtypes(module: ModuleType) -> str:
    def with_labels(dtype: type) -> str:
        return attempt(lambda: show(_cce_backward(module, Y_PRED, ONE_HOT.astype(dtype))))

    return "; ".join(f"{np.dtype(dtype).name}: {with_labels(dtype)}" for dtype in (np.uint8, np.bool_))


def _cce_sparse_column(module: ModuleType) -> str:
    return f"dinput {show(_cce_backward(module, Y_PRED, np.array([[0], [1]])))}"


def _bce_shapes(module: ModuleType) -> str:
    y_pred = np.array([[0.5], [0.25]])
    flat = _bce_backward(module, y_pred, np.array([1.0, 0.0]))
    column = _bce_backward(module, y_pred, np.array([[1.0], [0.0]]))
    return f"(n,): {show(flat)}; (n, 1): {show(column)}; equal: {np.array_equal(flat, column)}"


def _bce_label_dtypes(module: ModuleType) -> str:
    y_pred = np.array([[0.5], [0.25]])

    def with_labels(dtype: type) -> str:
        return attempt(lambda: show(_bce_backward(module, y_pred, np.array([[1], [0]], dtype=dtype))))

    return "; ".join(f"{np.dtype(dtype).name}: {with_labels(dtype)}" for dtype in (np.uint8, np.bool_))


def _bce_clip(module: ModuleType) -> str:
    return "; ".join(
        f"y = {label:g}, " + _numeric_vs_backward(module, "Loss_BinaryCrossentropy",
                                                np.array([[p]]), np.array([[label]]))
        for p, label in ((5e-8, 1.0), (1 - 5e-8, 0.0)))


def _softmax_then_cce(module: ModuleType, logits: np.ndarray, labels: np.ndarray) -> tuple:
    softmax, loss = module.Activation_Softmax(), module.Loss_CategoricalCrossentropy()
    softmax.forward(logits)
    loss.backward(softmax.output, labels)
    softmax.backward(loss.dinput)
    return softmax.output, loss.dinput, softmax.dinput


def _fused_text(logits: np.ndarray, labels: np.ndarray) -> str:
    softmax_output = impl.Activation_Softmax().forward(logits)
    fused = impl.Activation_Softmax_Loss_CategoricalCrossentropy()
    return f"fused {show(fused.backward(softmax_output, labels))}"


def _nan_row(module: ModuleType) -> str:
    logits, labels = np.array([[0.0, -800.0]]), np.array([0])
    s, d_loss, d_softmax = _softmax_then_cce(module, logits, labels)
    chained = f"S = {show(s)}; CCE dinput {show(d_loss)}; softmax dinput {show(d_softmax)}"
    fused = "" if module is notes_code else f"; {_fused_text(logits, labels)}"
    return chained + fused


def _soft_labels(module: ModuleType) -> str:
    logits, labels = np.zeros((2, 2)), np.array([[1.0, 1.0], [0.5, 0.0]])
    _, _, d_softmax = _softmax_then_cce(module, logits, labels)
    chained = f"CCE then softmax backward {show(d_softmax)}"
    fused = "" if module is notes_code else f"; {_fused_text(logits, labels)}"
    return chained + fused


# --- the catalogue ----------------------------------------------------------------------------------

ENTRIES = (
    EdgeCase(
        "cce_zero_prediction", "CCE", "a prediction of exactly 0",
        "ŷ = `[[0, 1], [0, 1]]`, one-hot labels `[[1, 0], [0, 1]]` (n = 2)",
        "The notes' backward `-label / y_pred` has no clip: -1/0 = -inf where the label is 1, "
        "and 0/0 = NaN where the label is 0 — a NaN although that entry does not enter the loss. "
        "impl/ clips ŷ to [1e-7, 1 − 1e-7] in the backward as in the forward: -1/(1e-7·n).",
        lambda: _cce_zero(notes_code), lambda: _cce_zero(impl),
        "PyTorch has no cross-entropy on probabilities: `nll_loss` takes log-probabilities and "
        "`cross_entropy` takes logits, so no prediction of 0 is ever divided by.",
        pinned("test_cce_backward_at_a_zero_prediction_is_finite")),
    EdgeCase(
        "cce_clip_bounds", "CCE", "predictions at and near the clip bounds",
        f"sparse label [0], ŷ₀ ∈ {{5e-8, 1e-7, 2e-7, 1 − 1e-8}}; central difference of the "
        f"forward in ŷ₀, step {STEP:g}",
        "The clipped forward is flat below 1e-7 and above 1 − 1e-7, the closed-form backward is "
        "not: a gradient check there sees 0 against -1/ŷ, and at the bound itself half the slope "
        "(the step straddles the kink). Gradient checks must keep ŷ inside the clip range.",
        lambda: _cce_clip(notes_code), lambda: _cce_clip(impl),
        "`nll_loss` clips nothing: it reads log-probabilities, so there is no bound to sit on.",
        pinned("test_cce_backward_disagrees_with_the_flat_clipped_forward")),
    EdgeCase(
        "cce_label_dtypes", "CCE", "uint8 and bool one-hot labels",
        "ŷ = `[[0.5, 0.5], [0.25, 0.75]]`, labels `[[1, 0], [0, 1]]` as uint8, then bool; "
        "float labels give `[[-1, 0], [0, -0.6667]]`",
        "`-label` negates before any float enters: uint8 1 wraps to 255, so the gradient is "
        "+255/ŷ/n (wrong sign, 255× too large); NumPy refuses `-` on bool. impl/ converts labels "
        "to float first.",
        lambda: _cce_label_dtypes(notes_code), lambda: _cce_label_dtypes(impl),
        "`nll_loss` and `cross_entropy` take class indices only as int64 (long) tensors, and "
        "probability targets only as floating-point tensors; other dtypes raise RuntimeError.",
        pinned("test_cce_uint8_and_bool_labels_give_the_float_gradient")),
    EdgeCase(
        "cce_sparse_column", "CCE", "sparse labels shaped (n, 1)",
        "ŷ = `[[0.5, 0.5], [0.25, 0.75]]`, labels `[[0], [1]]` (class indices in a column)",
        "The notes read every 2-D label array as one-hot: the (n, 1) column of indices "
        "broadcasts across the c columns, and the gradient is silently wrong. impl/ reads (n, 1) "
        "as sparse; the right answer is `[[-1, 0], [0, -0.6667]]`.",
        lambda: _cce_sparse_column(notes_code), lambda: _cce_sparse_column(impl),
        "`nll_loss` and `cross_entropy` refuse an (n, 1) index target for (n, c) input with a "
        "RuntimeError: class-index targets must be 1-D (n,).",
        pinned("test_cce_sparse_labels_in_a_column_are_class_indices")),
    EdgeCase(
        "bce_label_shapes", "BCE", "(n,) against (n, 1) labels",
        "ŷ = `[[0.5], [0.25]]`, labels `[1, 0]` and `[[1], [0]]`",
        "Unreshaped, (n,) labels against (n, 1) predictions broadcast to an (n, n) gradient (the "
        "notes warn of it and reshape); both implementations give equal results for both shapes.",
        lambda: _bce_shapes(notes_code), lambda: _bce_shapes(impl),
        "`binary_cross_entropy` raises ValueError when the target's size differs from the "
        "input's; it never broadcasts them.", pinned("test_bce_flat_and_column_labels_agree")),
    EdgeCase(
        "bce_label_dtypes", "BCE", "uint8 and bool labels",
        "ŷ = `[[0.5], [0.25]]`, labels `[[1], [0]]` as uint8, then bool",
        "The notes' line `-(y / ŷ − (1 − y)/(1 − ŷ))` divides before it negates, and 1 − y "
        "stays in {0, 1}: correct for both dtypes. The line the notes warn against, "
        "`-y_true / …`, wraps uint8 (see the errata).",
        lambda: _bce_label_dtypes(notes_code), lambda: _bce_label_dtypes(impl),
        "`binary_cross_entropy` needs a floating-point target of the input's dtype; integer or "
        "bool targets raise RuntimeError.", pinned("test_bce_uint8_and_bool_labels_give_the_float_gradient")),
    EdgeCase(
        "bce_clip_bounds", "BCE", "predictions beyond the clip bounds",
        f"ŷ = 5e-8 with y = 1, ŷ = 1 − 5e-8 with y = 0; central difference, step {STEP:g}",
        "As for CCE: the clipped forward is flat, the backward (closed form at the clipped ŷ) "
        "is ∓1/1e-7 per output; the numeric gradient is 0.",
        lambda: _bce_clip(notes_code), lambda: _bce_clip(impl),
        "`binary_cross_entropy` clamps each log term at -100 instead of clipping ŷ, its backward "
        "divides by max(ŷ(1 − ŷ), 1e-12), and it raises for inputs outside [0, 1].",
        pinned("test_bce_backward_disagrees_with_the_flat_clipped_forward")),
    EdgeCase(
        "softmax_cce_nan_row", "Softmax+CCE", "a softmax output of exactly 0 into CCE",
        "logits `[[0, -800]]` (softmax underflows to `[[1, 0]]`), label class 0",
        "A confident, correct prediction: the notes' CCE backward gives 0/0 = NaN for the "
        "label-0 class, and the softmax backward's Jacobian product spreads it over the whole "
        "row. impl/ stays finite, and the fused (S − y)/n never divides.",
        lambda: _nan_row(notes_code), lambda: _nan_row(impl),
        "`cross_entropy` takes logits and fuses log_softmax with nll_loss: the gradient is "
        "softmax − target, finite for any logits.", pinned("test_softmax_then_cce_at_a_zero_output")),
    EdgeCase(
        "softmax_cce_soft_labels", "Softmax+CCE", "soft labels whose rows do not sum to 1",
        "logits `[[0, 0], [0, 0]]` (S = ½ each), labels `[[1, 1], [0.5, 0]]` (sums 2 and ½)",
        "The shortcut (S − y)/n assumes Σy = 1; it would give `[[-0.25, -0.25], [0, 0.25]]` "
        "here. The right gradient is (S·Σy − y)/n = `[[0, 0], [-0.125, 0.125]]`, which chaining "
        "the notes' CCE and softmax backwards reproduces and impl/'s fused backward computes.",
        lambda: _soft_labels(notes_code), lambda: _soft_labels(impl),
        "`cross_entropy` accepts probability (soft) targets since PyTorch 1.10; its loss is "
        "−Σ y·log_softmax(z) without normalising y, so its gradient is softmax·Σy − y.",
        pinned("test_fused_backward_with_unnormalised_soft_labels")),
)
