"""Edge cases of the book's layers beyond the notes (Linear, MSE, MAE, Dropout, L1/L2
regularisation): the notes have no code for them, so each probe runs impl/ alone; what the book's
code does is stated in the prose, as a cited fact, never transcribed."""

from __future__ import annotations

import numpy as np

from backprop_spec import impl
from backprop_spec.spec.probes import BOOK_PINNED_MODULE, EdgeCase, attempt, number, pinned, show

X = np.array([[1.0, -2.0, 3.0, 0.5], [4.0, 0.25, -1.0, 2.0]])


def _pinned(test_name: str) -> str:
    return pinned(test_name, BOOK_PINNED_MODULE)


def _linear_copy() -> str:
    layer = impl.Activation_Linear()
    x, dvalue = np.array([[1.0, -2.0]]), np.array([[3.0, 4.0]])
    output, dinput = layer.forward(x), layer.backward(dvalue)
    shared = (np.shares_memory(output, x), np.shares_memory(dinput, dvalue))
    output[0, 0] = dinput[0, 0] = 99.0
    return (f"output shares memory with input: {shared[0]}, dinput with dvalue: {shared[1]}; after "
            f"writing 99 into output and dinput: input {show(x)}, dvalue {show(dvalue)}")


def _label_shapes() -> str:
    y_pred = np.array([[0.5], [2.0]])
    parts = []
    for loss in (impl.Loss_MeanSquaredError(), impl.Loss_MeanAbsoluteError()):
        flat = loss.backward(y_pred, np.array([1.0, 0.0]))
        column = loss.backward(y_pred, np.array([[1.0], [0.0]]))
        parts.append(f"{type(loss).__name__}: (n,) {show(flat)}, (n, 1) {show(column)}, equal "
                     f"{np.array_equal(flat, column)}")
    two_outputs = attempt(lambda: show(impl.Loss_MeanSquaredError().backward(
        np.ones((2, 2)), np.array([1.0, 0.0]))))
    return "; ".join(parts) + f"; (n,) labels for J = 2: {two_outputs}"


def _integer_labels() -> str:
    y_pred, labels = np.array([[0.5], [2.0]], dtype=np.float32), np.array([1, 0])
    mse = impl.Loss_MeanSquaredError().backward(y_pred, labels)
    mae = impl.Loss_MeanAbsoluteError().backward(y_pred, labels)
    unconverted = (labels.reshape(2, 1) - y_pred).dtype
    return (f"int64 labels, float32 ŷ: MSE dinput {show(mse)}, MAE dinput {show(mae)}; "
            f"y − ŷ without converting the labels first is {unconverted}")


def _mae_at_equal() -> str:
    loss = impl.Loss_MeanAbsoluteError()
    y_pred, labels = np.array([[1.0, 2.0]]), np.array([[1.0, 3.0]])
    step = 2.0 ** -10

    def mean_loss(shift: float) -> float:
        moved = y_pred.copy()
        moved[0, 0] += shift
        return float(np.mean(loss.forward(moved, labels)))

    left, right = (mean_loss(0) - mean_loss(-step)) / step, (mean_loss(step) - mean_loss(0)) / step
    return (f"dinput {show(loss.backward(y_pred, labels))}; one-sided slopes of the mean loss in ŷ₀ "
            f"at ŷ₀ = y₀: left {number(left)}, right {number(right)}")


def _mae_book_sign() -> str:
    loss = impl.Loss_MeanAbsoluteError()
    y_pred, labels = np.array([[0.0]]), np.array([[1.0]])
    n, outputs = y_pred.shape
    books = np.sign(labels - y_pred) / outputs / n  # the book's line, evaluated
    ours = loss.backward(y_pred, labels)

    def after_step(gradient: np.ndarray) -> str:
        return number(loss.forward(y_pred - 0.25 * gradient, labels).mean())

    return (f"ŷ = 0, y = 1, loss {number(loss.forward(y_pred, labels).mean())}: impl/ dinput "
            f"{show(ours)}, loss after a step of 0.25 {after_step(ours)}; the book's line gives "
            f"{show(books)}, loss after the same step {after_step(books)}")


def _dropout_rate_zero() -> str:
    layer = impl.Layer_Dropout(0.0, seed=0)
    output = layer.forward(X)
    dinput = layer.backward(np.full(X.shape, 2.0))
    return (f"rate (keep) = {number(layer.rate)}; binary_mask all ones: "
            f"{bool(np.all(layer.binary_mask == 1))}; output equals input: {np.array_equal(output, X)}; "
            f"dinput of a dvalue of 2s all 2: {bool(np.all(dinput == 2))}")


def _dropout_inference() -> str:
    layer = impl.Layer_Dropout(0.5, seed=0)
    output = layer.forward(X, training=False)
    dinput = layer.backward(np.full(X.shape, 2.0))
    return (f"output equals input: {np.array_equal(output, X)}, a copy: "
            f"{not np.shares_memory(output, X)}; binary_mask all ones: "
            f"{bool(np.all(layer.binary_mask == 1))}; dinput all 2: {bool(np.all(dinput == 2))}; "
            f"training=1: {attempt(lambda: show(layer.forward(X, training=1)))}")  # type: ignore[arg-type]


def _dropout_mask_reuse() -> str:
    layer = impl.Layer_Dropout(0.5, seed=3)
    ones = np.ones((2, 4))
    first_mask = layer.forward(ones).copy()  # ones · mask is the mask
    first, again = layer.backward(ones), layer.backward(ones)
    second_mask = layer.forward(ones)
    second = layer.backward(ones)
    twin_mask = impl.Layer_Dropout(0.5, seed=3).forward(ones)
    return (f"mask {show(first_mask)}; backward(ones) = mask: {np.array_equal(first, first_mask)}, "
            f"twice the same: {np.array_equal(first, again)}; after a second forward it follows the "
            f"new mask: {np.array_equal(second, second_mask)} (new mask differs: "
            f"{not np.array_equal(second_mask, first_mask)}); same seed, same first mask: "
            f"{np.array_equal(twin_mask, first_mask)}")


def _l1_at_zero() -> str:
    layer = impl.Layer_Dense(2, 1, weight_regularizer_l1=0.5, bias_regularizer_l1=0.25)
    layer.weight = np.array([[0.0], [-1.0]])
    layer.forward(np.ones((1, 2)))
    layer.backward(np.zeros((1, 1)))
    return f"weight `[[0], [-1]]`, bias `[[0]]`: dweight {show(layer.dweight)}, dbias {show(layer.dbias)}"


ENTRIES = (
    EdgeCase(
        "linear_copy", "Linear", "dinput is a copy, not dvalue itself",
        "input `[[1, -2]]`, dvalue `[[3, 4]]`; then 99 written into output and dinput",
        "The book's Activation_Linear keeps `self.output = inputs` and returns "
        "`dvalues.copy()`. Returning dvalue itself is a convention, harmless until something "
        "downstream writes into the array it got (the book's fused softmax + CCE backward does "
        "`-= 1` in place): then the caller's gradient changes. impl/ copies both ways.",
        None, _linear_copy,
        "`torch.nn.Identity` returns its input tensor itself; autograd hands its backward the "
        "upstream gradient unchanged.", _pinned("test_linear_copies_in_both_directions")),
    EdgeCase(
        "regression_label_shapes", "MSE", "(n,) against (n, 1) labels, MSE and MAE",
        "ŷ = `[[0.5], [2]]`, labels `[1, 0]` and `[[1], [0]]`; then (n,) labels for two outputs",
        "The book's `y_true - y_pred` with (n,) labels and (n, 1) predictions broadcasts to "
        "(n, n): every label against every prediction, a silently wrong loss and gradient. impl/ "
        "reads (n,) as (n, 1) when J = 1 and refuses it otherwise.",
        None, _label_shapes,
        "`mse_loss` and `l1_loss` broadcast a target of another shape and emit a UserWarning "
        "(\"Using a target size … that is different to the input size\").",
        _pinned("test_regression_flat_and_column_labels_agree")),
    EdgeCase(
        "regression_integer_labels", "MSE", "integer labels with float32 predictions",
        "ŷ = `[[0.5], [2]]` float32, labels `[1, 0]` int64",
        "int64 − float32 is float64 in NumPy, so unconverted integer targets promote a float32 "
        "network's gradient to float64; impl/ converts labels to ŷ's dtype first: MSE "
        "−2(y − ŷ)/n = (−0.5, 2), MAE sign(ŷ − y)/n = (−0.5, 0.5), float32.",
        None, _integer_labels,
        "`mse_loss` with a float32 input and an int64 target fails in the backward with "
        "RuntimeError (\"Found dtype Long but expected Float\").",
        _pinned("test_regression_integer_labels_keep_the_prediction_dtype")),
    EdgeCase(
        "mae_at_equal", "MAE", "MAE at ŷ = y, the kink",
        "ŷ = `[[1, 2]]`, y = `[[1, 3]]` (n = 1, J = 2); one-sided differences, step 2⁻¹⁰",
        "|y − ŷ| has no derivative at ŷ = y: the one-sided slopes of the mean loss are ∓1/(J·n), "
        "and every value between is a subgradient (proved in symbolic/). impl/ takes np.sign(0) "
        "= 0 there, as the book's np.sign does; a gradient check must not straddle the kink.",
        None, _mae_at_equal,
        "`l1_loss`'s backward is sign(input − target)/N with `torch.sign(0)` = 0: also 0 at "
        "equality.", _pinned("test_mae_at_equal_prediction_is_a_zero_subgradient")),
    EdgeCase(
        "mae_book_sign", "MAE", "the book's MAE backward climbs the loss",
        "ŷ = `[[0]]`, y = `[[1]]`; one gradient-descent step of 0.25 along each backward",
        "The book's line `np.sign(y_true - dvalues) / outputs` (then `/ samples`) is the "
        "gradient negated (see the erratum below): descent along it moves ŷ away from y, and "
        "learners copy it. impl/ computes −sign(y − ŷ)/J/n.",
        None, _mae_book_sign,
        "`l1_loss`'s gradient is sign(input − target)/N = −sign(target − input)/N, the sign "
        "SymPy derives.", _pinned("test_mae_backward_descends_where_the_books_line_climbs")),
    EdgeCase(
        "dropout_rate_zero", "Dropout", "rate 0",
        "`Layer_Dropout(0)` on a 2×4 input, dvalue of 2s",
        "Keep probability 1: Bernoulli(1) draws only ones and the scale 1/1 is exact, so the "
        "layer is the identity in training too. rate 1 (keep nothing, scale 1/0) is refused.",
        None, _dropout_rate_zero,
        "`torch.nn.Dropout(p=0)` scales by 1/(1 − 0) = 1 and keeps every entry: the output "
        "equals the input.", _pinned("test_dropout_of_rate_zero_is_the_identity")),
    EdgeCase(
        "dropout_inference", "Dropout", "inference (training=False)",
        "`Layer_Dropout(0.5).forward(x, training=False)`, then backward of 2s; then `training=1`",
        "In inference dropout is the identity: the book returns `inputs.copy()` and leaves "
        "binary_mask as the last training forward drew it, so a backward after an inference "
        "forward would apply a stale mask. impl/ sets binary_mask to ones, and refuses a "
        "training flag that is not a bool.",
        None, _dropout_inference,
        "`torch.nn.Dropout` in eval mode (`model.eval()`) returns its input and passes the "
        "gradient through unchanged.", _pinned("test_dropout_in_inference_is_the_identity")),
    EdgeCase(
        "dropout_mask_reuse", "Dropout", "the backward reuses the forward's mask",
        "`Layer_Dropout(0.5, seed=3)` on ones (2, 4): backward twice, forward again, backward",
        "The gradient of input · mask is dvalue · the same mask; a fresh draw in backward (or a "
        "mask not scaled by 1/q) is a silent bug. impl/ keeps the scaled mask as binary_mask; a "
        "new forward draws a new one, and the seed makes the draws reproducible.",
        None, _dropout_mask_reuse,
        "`torch.nn.functional.dropout` saves the mask it drew and its backward multiplies by "
        "that mask scaled by 1/(1 − p).", _pinned("test_dropout_backward_reuses_the_forward_mask")),
    EdgeCase(
        "l1_at_zero", "Regularization", "L1 at a weight or bias of exactly 0",
        "`Layer_Dense(2, 1, weight_regularizer_l1=0.5, bias_regularizer_l1=0.25)`, weight "
        "`[[0], [-1]]`, zero bias, dvalue 0",
        "|w| has no derivative at 0; every value in [−λ₁, λ₁] is a subgradient. The book's "
        "`dL1 = np.ones_like(W); dL1[W < 0] = -1` takes +λ₁ there, and impl/ keeps it. Biases "
        "start at exactly 0, so the bias L1 term always meets the kink on the first step.",
        None, _l1_at_zero,
        "`torch.abs`'s gradient at 0 is `torch.sgn(0)` = 0, so an L1 penalty "
        "`lam * w.abs().sum()` adds 0 there.", _pinned("test_l1_at_zero_takes_the_books_plus_lambda")),
)
