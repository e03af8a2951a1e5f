"""Edge cases that cut across the operations: the empty batch, one class (c = 1), and NumPy 1.x
against 2.x type promotion (NEP 50). Each probe runs the same steps on spec.notes_code and impl/."""

from __future__ import annotations

from types import ModuleType

import numpy as np

from backprop_spec import impl
from backprop_spec.spec import notes_code
from backprop_spec.spec.probes import BATCH, EdgeCase, attempt, pinned, show


def _empty_batch(module: ModuleType) -> str:
    y_pred = np.zeros((0, 3))
    loss = module.Loss_CategoricalCrossentropy()

    def mean_loss() -> str:
        return f"mean loss {show(np.mean(loss.forward(y_pred, np.zeros((0, 3)))))}"

    def backward(labels: np.ndarray) -> str:
        loss.backward(y_pred, labels)
        return f"dinput {show(loss.dinput)}"

    return (f"forward: {attempt(mean_loss)}; backward, one-hot (0, 3) labels: "
            f"{attempt(lambda: backward(np.zeros((0, 3))))}; sparse (0,) labels: "
            f"{attempt(lambda: backward(np.zeros(0, dtype=np.int64)))}")


def _one_class(module: ModuleType) -> str:
    y_pred = np.ones((2, 1))  # softmax over one class is always 1

    def backward(labels: np.ndarray) -> str:
        loss = module.Loss_CategoricalCrossentropy()
        loss.backward(y_pred, labels)
        return show(loss.dinput)

    def reading(labels: np.ndarray) -> str:
        return f"labels {show(labels)}: {attempt(lambda: backward(labels))}"

    return "; ".join(reading(labels) for labels in (np.ones((2, 1), np.int64), np.zeros((2, 1), np.int64)))


def _promotion(module: ModuleType) -> str:
    loss = module.Loss_CategoricalCrossentropy()
    loss.backward(np.array([[0.5, 0.5]], dtype=np.float32), np.array([[1, 0]], dtype=np.uint8))
    cce = f"CCE, uint8 one-hot, float32 ŷ: {show(loss.dinput)}"
    bce = module.Loss_BinaryCrossentropy()
    bce.backward(np.array([[0.25]], dtype=np.float32), np.array([0], dtype=np.uint8))
    softmax = module.Activation_Softmax()
    softmax.forward(np.zeros((1, 2), dtype=np.float32))
    dtypes = []
    for dtype in (np.float32, np.float64):
        softmax.backward(np.ones((1, 2), dtype=dtype))
        dtypes.append(f"{np.dtype(dtype).name} → {softmax.dinput.dtype}")
    return (f"{cce}; BCE, uint8 label 0, float32 ŷ: {show(bce.dinput)}; softmax (float32 S) "
            f"dinput for a dvalue of {', '.join(dtypes)}")


ENTRIES = (
    EdgeCase(
        "empty_batch", BATCH, "the empty batch (n = 0)",
        "ŷ of shape (0, 3) into CCE: forward (mean loss) and backward",
        "A filtered or last mini-batch can be empty. The notes' code never checks: the mean of "
        "no losses is NaN, one-hot labels give an empty gradient, sparse labels fail on "
        "`y_pred[0]`. impl/ refuses the empty batch in every layer with a ValueError that says so.",
        lambda: _empty_batch(notes_code), lambda: _empty_batch(impl),
        "`cross_entropy` with the default mean reduction returns nan for an empty batch "
        "(a sum of 0 over a count of 0).", pinned("test_the_empty_batch_is_refused")),
    EdgeCase(
        "one_class", BATCH, "one class (c = 1): (n, 1) labels are ambiguous",
        "ŷ = `[[1], [1]]` (softmax of one class), labels `[[1], [1]]` (one-hot reading) and "
        "`[[0], [0]]` (sparse reading)",
        "With c = 1 an (n, 1) array is both a one-hot matrix and a column of class indices. The "
        "notes read it as one-hot; impl/ always as sparse, so the only valid index is 0 and the "
        "one-hot `[[1]]` is refused. The property suite (properties/inputs/strategies.py) gives c = 1 "
        "only (n,) sparse labels, so it never depends on the reading.",
        lambda: _one_class(notes_code), lambda: _one_class(impl),
        "`cross_entropy` decides by shape and dtype: a floating target of the input's shape is "
        "class probabilities, a 1-D int64 target is class indices — never by the values.",
        pinned("test_one_class_column_labels_are_sparse")),
    EdgeCase(
        "numpy_promotion", BATCH, "NumPy 1.x against 2.x promotion (NEP 50)",
        "uint8 labels with float32 predictions; float32 and float64 dvalues into softmax",
        "NEP 50 (NumPy 2) changed how *scalars* promote; arrays promote as before. Every array "
        "path here is identical under NumPy 1.26 and 2.x: `-uint8` wraps to 255 in both, "
        "`1 - uint8` stays uint8 in both, uint8 / float32 is float32 in both. The difference "
        "lies in the caller: `x32 * np.float64(2)` is float32 under NumPy 1.26 (value-based "
        "casting) and float64 under 2.x, and the backward's dtype follows that dvalue.",
        lambda: _promotion(notes_code), lambda: _promotion(impl),
        "`torch.mul` of a float32 tensor and a 0-dim float64 tensor or a Python float is "
        "float32: in PyTorch's promotion, scalars of the same category never promote a "
        "dimensioned tensor.",
        pinned("test_promotion_is_the_same_under_numpy_1_and_2")),
)
