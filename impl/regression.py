"""The book's regression layers (ch. 17; not in the notes): Activation_Linear, and the mean
squared and mean absolute error losses, each backward the gradient of the mean loss.

Labels are (n, J), or (n,) when J = 1 (never broadcast to (n, n)); any integer or float dtype is
converted to the prediction's float dtype before any arithmetic, so float32 stays float32.
"""

from __future__ import annotations

import numpy as np

from backprop_spec.impl import _checks
from backprop_spec.impl.activations import _Activation
from backprop_spec.impl.regularization import Loss


class Activation_Linear(_Activation):
    """y = x. The forward's output and the backward's dinput are copies, as the book's backward
    `dvalues.copy()`: writing into either never changes the caller's array."""

    def forward(self, input: np.ndarray) -> np.ndarray:
        x = _checks.matrix(input, "input", what="outputs")
        self.input, self.output = x, x.copy()
        return self.output

    def backward(self, dvalue: np.ndarray) -> np.ndarray:
        """dinput = dvalue (dy/dx = 1), a fresh array in the backward's dtype."""
        g, _, dtype = self._upstream(dvalue)
        self.dinput = g.astype(dtype)
        return self.dinput


def _regression_pair(y_pred: np.ndarray, y_true: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(predictions (n, J), labels (n, J) in the predictions' dtype), both finite."""
    p = _checks.matrix(y_pred, "y_pred", what="outputs")
    y = _checks.per_output_labels(_checks.real_data(y_true, "y_true"), "y_true", p).astype(p.dtype)
    for name, values in (("y_pred", p), ("y_true", y)):
        if not np.isfinite(values).all():
            raise ValueError(f"{name}: expected finite values; got inf or NaN")
    return p, y


class Loss_MeanSquaredError(Loss):
    """L_i = (1/J) Σ_j (y_ij − ŷ_ij)² per sample; the loss is the mean over the batch."""

    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Per-sample losses, shape (n,)."""
        p, y = _regression_pair(y_pred, y_true)
        return np.mean(np.square(y - p), axis=1)

    def backward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """dinput = −2(y − ŷ)/J/n."""
        p, y = _regression_pair(y_pred, y_true)
        n, outputs = p.shape
        dinput = np.subtract(p, y)
        dinput *= 2 / (outputs * n)
        self.dinput = dinput
        return dinput


class Loss_MeanAbsoluteError(Loss):
    """L_i = (1/J) Σ_j |y_ij − ŷ_ij| per sample; the loss is the mean over the batch.

    The backward is −sign(y − ŷ)/J/n, the sign the book's `np.sign(y_true - dvalues)` lost. At
    ŷ = y, where |y − ŷ| has a kink, it takes np.sign(0) = 0: a subgradient, inside [−1, 1]/(J·n).
    """

    def forward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """Per-sample losses, shape (n,)."""
        p, y = _regression_pair(y_pred, y_true)
        return np.mean(np.abs(y - p), axis=1)

    def backward(self, y_pred: np.ndarray, y_true: np.ndarray) -> np.ndarray:
        """dinput = −sign(y − ŷ)/J/n = sign(ŷ − y)/J/n."""
        p, y = _regression_pair(y_pred, y_true)
        n, outputs = p.shape
        dinput = np.sign(p - y)
        dinput /= outputs * n
        self.dinput = dinput
        return dinput
