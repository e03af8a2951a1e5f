"""The book's dropout layer (ch. 15; not in the notes): in training each input is kept with
probability q = 1 − rate and scaled by 1/q, so the expected output is the input; in inference
the layer is the identity. The backward multiplies by the forward's own mask."""

from __future__ import annotations

import math

import numpy as np

from backprop_spec.impl import _checks


def _drop_rate(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"rate: expected a real number in [0, 1); got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and 0 <= value < 1):
        raise ValueError(f"rate: expected the fraction of inputs to drop, in [0, 1); got {value}")
    return float(value)


class Layer_Dropout:
    """Dropout of `rate`, the fraction of inputs dropped, with the book's attribute names: `rate`
    holds the keep probability q = 1 − rate, `binary_mask` the mask already scaled by 1/q (all
    ones after an inference forward). `seed` makes the masks reproducible."""

    def __init__(self, rate: float, *, seed: int | None = None) -> None:
        self.rate = 1 - _drop_rate(rate)
        self._rng = np.random.default_rng(seed)
        self.input: np.ndarray | None = None
        self.output: np.ndarray | None = None
        self.binary_mask: np.ndarray | None = None

    def forward(self, input: np.ndarray, training: bool = True) -> np.ndarray:
        """Training: output = input · binary_mask, binary_mask = Bernoulli(q)/q drawn afresh;
        inference (training=False): a copy of the input, binary_mask all ones."""
        if not isinstance(training, (bool, np.bool_)):
            raise TypeError(f"training: expected a bool; got {type(training).__name__} {training!r}")
        x = _checks.matrix(input, "input")
        if training:
            # 1/q rounded once to the input's dtype
            mask = (self._rng.binomial(1, self.rate, size=x.shape) / self.rate).astype(x.dtype)
        else:
            mask = np.ones(x.shape, dtype=x.dtype)
        self.input, self.binary_mask, self.output = x, mask, x * mask
        return self.output

    def backward(self, dvalue: np.ndarray) -> np.ndarray:
        """dinput = dvalue · binary_mask, the mask of the last forward (never a fresh draw)."""
        mask = _checks.forward_state(self, "binary_mask")
        g = _checks.gradient(dvalue, "dvalue", mask.shape)
        self.dinput = g * mask  # float32 only when both are (real_data made an integer g float64)
        return self.dinput
