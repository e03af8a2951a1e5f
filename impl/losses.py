"""Categorical (§三) and binary (BCE 公式) cross-entropy, and the fused softmax + CCE fast path.

Predictions are clipped to [1e-7, 1 − 1e-7] as in the notes; the backward evaluates the closed
form at the clipped prediction, so it stays finite at exactly 0 and 1. Labels of any bool,
integer or float dtype are converted to float before any arithmetic (no uint8 wrap-around).
Both losses inherit the book's regularization_loss(layer) from impl.regularization.Loss."""

from __future__ import annotations

import numpy as np

from backprop_spec.impl import _checks
from backprop_spec.impl.activations import Activation_Softmax
from backprop_spec.impl.regularization import Loss

CLIP = 1e-7


def _clipped(y_pred: np.ndarray) -> np.ndarray:
    return np.clip(y_pred, CLIP, 1 - CLIP)


def _categorical_labels(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """CCE labels → (n,) int64 class indices (sparse) or (n, c) floats (one-hot or soft).

    (n,) and (n, 1) are sparse; (n, c) is one-hot or soft. Anything else is refused."""
    labels = _checks.as_array(y_true, "y_true")
    n, n_classes = y_pred.shape
    if labels.ndim == 2 and labels.shape[1] == 1:
        labels = labels[:, 0]
    if labels.ndim == 1:
        if labels.shape[0] != n:
            raise ValueError(f"y_true: expected {n} sparse labels, shape ({n},); got {labels.shape}")
        return _checks.class_indices(labels, "y_true", n_classes)
    if labels.ndim != 2 or labels.shape[0] != n:
        raise ValueError(
            f"y_true: expected sparse labels ({n},) or ({n}, 1), or one-hot/soft labels "
            f"({n}, {n_classes}); got shape {labels.shape}"
        )
    if labels.shape[1] != n_classes:
        raise ValueError(
            f"y_true: expected one-hot width {n_classes} (the number of classes in y_pred); "
            f"got shape {labels.shape}"
        )
    return _checks.label_values(labels, "y_true", y_pred.dtype)


class Loss_CategoricalCrossentropy(Loss):
    """L_i = −Σ_j y_ij log ŷ_ij per sample (correct for soft labels too); the loss is the mean."""

    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Per-sample losses, shape (n,)."""
        p = _checks.probabilities(y_pred, "y_pred")
        labels = _categorical_labels(y_true, p)
        if labels.ndim == 1:  # clip only the n picked predictions, not all n·c
            return -np.log(_clipped(p[np.arange(len(labels)), labels]))
        clipped = _clipped(p)
        # log only where a label is non-zero (one in c for one-hot labels); the −0.0 elsewhere is
        # what 0·log ŷ gives, so every term of the sum is the same as with the full log
        logs = np.full_like(clipped, -0.0)
        np.log(clipped, out=logs, where=labels != 0)
        return -np.einsum("ij,ij->i", labels, logs)

    def backward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """dinput = −y / clip(ŷ) / n, the gradient of the mean loss (notes §三)."""
        p = _checks.probabilities(y_pred, "y_pred")
        labels = _categorical_labels(y_true, p)
        n = len(p)
        if labels.ndim == 1:
            dinput = np.zeros_like(p)
            rows = np.arange(n)
            dinput[rows, labels] = -1 / (n * _clipped(p[rows, labels]))
        else:
            dinput = np.divide(labels, _clipped(p))
            dinput *= -1 / n
        self.dinput = dinput
        return dinput


def _binary_labels(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """BCE labels → (n, k) floats; (n,) is accepted for k = 1 and read as (n, 1)."""
    labels = _checks.per_output_labels(_checks.as_array(y_true, "y_true"), "y_true", y_pred)
    return _checks.label_values(labels, "y_true", y_pred.dtype)


class Loss_BinaryCrossentropy(Loss):
    """L_i = (1/J) Σ_j −[y_ij log ŷ_ij + (1 − y_ij) log(1 − ŷ_ij)]; the loss is the mean over i."""

    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Per-sample losses, shape (n,): the mean over the k outputs."""
        p = _checks.probabilities(y_pred, "y_pred")
        y = _binary_labels(y_true, p)
        clipped = _clipped(p)
        losses = y * np.log(clipped)
        losses += (1 - y) * np.log1p(-clipped)
        return -losses.mean(axis=1)

    def backward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """dinput = −(y/ŷ − (1 − y)/(1 − ŷ)) / k / n at the clipped ŷ (BCE 公式)."""
        p = _checks.probabilities(y_pred, "y_pred")
        y = _binary_labels(y_true, p)
        n, k = p.shape
        clipped = _clipped(p)
        dinput = (1 - y) / (1 - clipped)
        dinput -= y / clipped
        dinput /= n * k
        self.dinput = dinput
        return dinput


class Activation_Softmax_Loss_CategoricalCrossentropy:
    """Softmax then CCE, fused (not in the notes; the standard fast path): the backward is
    (S·Σ_j y_j − y)/n, which is (S − y)/n for one-hot and soft labels that sum to 1."""

    def __init__(self) -> None:
        self.activation = Activation_Softmax()
        self.loss = Loss_CategoricalCrossentropy()
        self.output: np.ndarray | None = None

    def forward(self, input: np.ndarray, y_true: np.ndarray) -> float:
        """Returns the mean loss; keeps the softmax output."""
        self.output = self.activation.forward(input)
        return float(np.mean(self.loss.forward(self.output, y_true)))

    def backward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Gradient of the mean loss w.r.t. the logits, given the softmax output y_pred."""
        s = _checks.probabilities(y_pred, "y_pred")
        labels = _categorical_labels(y_true, s)
        n = len(s)
        if labels.ndim == 1:
            dinput = s.copy()
            dinput[np.arange(n), labels] -= 1
        else:
            totals = labels.sum(axis=1, keepdims=True)
            # S·Σy is S itself when every row sums to 1 (one-hot labels): skip the product
            dinput = s - labels if (totals == 1).all() else s * totals - labels
        dinput /= n
        self.dinput = dinput
        return dinput
