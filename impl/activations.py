"""ReLU (§二 ReLu), Softmax (Softmax 公式) and Sigmoid (§五 Sigmoid), each backward beside its forward."""

from __future__ import annotations

import numpy as np

from backprop_spec.impl import _checks


class _Activation:
    """forward(input) keeps input and output; backward(dvalue) sets dinput of the same shape."""

    def __init__(self) -> None:
        self.input: np.ndarray | None = None
        self.output: np.ndarray | None = None

    def _upstream(self, dvalue: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.dtype]:
        """(dvalue checked, the saved output, the dtype the backward computes in)."""
        output = _checks.forward_state(self, "output")
        g = _checks.gradient(dvalue, "dvalue", output.shape)
        return g, output, _checks.compute_dtype(output.dtype, g.dtype)


class Activation_ReLU(_Activation):
    """max(0, x). The backward keeps the notes' mask `input < 0`: the gradient passes at exactly
    0, the right-hand derivative — a valid subgradient (PyTorch and the book block it there)."""

    def forward(self, input: np.ndarray) -> np.ndarray:
        x = _checks.matrix(input, "input")
        self.input, self.output = x, np.maximum(x, 0)
        return self.output

    def backward(self, dvalue: np.ndarray) -> np.ndarray:
        """where(input < 0, 0, dvalue), without np.where's per-element branch (5× slower on
        mixed signs): dvalue's bits AND an integer mask that is all ones where it passes."""
        g, _, dtype = self._upstream(dvalue)
        bits = np.dtype(f"i{dtype.itemsize}")
        x = _checks.forward_state(self, "input")
        mask = np.less(x, 0, out=np.empty(g.shape, bits))  # 1 where blocked
        mask -= 1  # 0 where blocked, −1 (every bit set) where passed
        np.bitwise_and(mask, g.astype(dtype, copy=False).view(bits), out=mask)
        self.dinput = mask.view(dtype)
        return self.dinput


class Activation_Softmax(_Activation):
    """Row-wise softmax S_ij = e^{z_ij} / Σ_l e^{z_il}, shifted by the row max so that no finite
    logit overflows (the shift cancels between numerator and denominator)."""

    def forward(self, input: np.ndarray) -> np.ndarray:
        z = _checks.matrix(input, "input", what="classes")
        if not np.isfinite(z).all():
            raise ValueError("input: expected finite logits; got inf or NaN")
        with np.errstate(over="ignore"):  # z − max overflowing to −inf has e^{−inf} = 0, exact
            exp = np.subtract(z, z.max(axis=1, keepdims=True))
        np.exp(exp, out=exp)
        exp /= exp.sum(axis=1, keepdims=True)
        self.input, self.output = z, exp
        return exp

    def backward(self, dvalue: np.ndarray) -> np.ndarray:
        """dinput_ik = Σ_j dvalue_ij·S_ij(δ_jk − S_ik) = S_ik·(dvalue_ik − Σ_j dvalue_ij S_ij):
        the notes' Jacobian product, vectorised over the batch without forming the c×c matrices."""
        g, output, dtype = self._upstream(dvalue)
        s = output.astype(dtype, copy=False)
        g = g.astype(dtype, copy=False)
        weighted = np.einsum("ij,ij->i", g, s)[:, np.newaxis]
        dinput = np.subtract(g, weighted)
        dinput *= s
        self.dinput = dinput
        return dinput


def softmax_backward_per_sample(output: np.ndarray, dvalue: np.ndarray) -> np.ndarray:
    """The notes' literal algorithm (per-sample Jacobian diagflat(s) − s·sᵀ times dvalue), kept as
    the reference the vectorised backward is proven equal to; the result is float (the notes'
    `np.empty_like(dvalue)` would truncate an integer dvalue)."""
    s_all = _checks.matrix(output, "output", what="classes")
    g_all = _checks.gradient(dvalue, "dvalue", s_all.shape)
    dinput = np.empty(s_all.shape, dtype=_checks.compute_dtype(s_all.dtype, g_all.dtype))
    for row, (s, g) in enumerate(zip(s_all, g_all)):
        column = s.reshape(-1, 1)
        jacobian = np.diagflat(column) - column @ column.T
        dinput[row] = jacobian @ g
    return dinput


class Activation_Sigmoid(_Activation):
    """σ(x) = 1 / (1 + e^{−x}), evaluated through e^{−|x|} so that no input overflows."""

    def forward(self, input: np.ndarray) -> np.ndarray:
        x = _checks.matrix(input, "input", what="outputs")
        exp = np.copysign(x, -1)
        np.exp(exp, out=exp)  # e^{−|x|} ≤ 1
        output = np.add(exp, 1)
        np.divide(1, output, out=output)
        # σ(x) = e^{x} / (1 + e^{x}) for x < 0: multiply by max(e^{−|x|}, [x ≥ 0]), which is
        # e^{x} there and 1 elsewhere — a masked multiply would branch per element
        numerator = np.greater_equal(x, 0, out=np.empty_like(exp))
        np.maximum(numerator, exp, out=numerator)
        output *= numerator
        self.input, self.output = x, output
        return output

    def backward(self, dvalue: np.ndarray) -> np.ndarray:
        """dinput = dvalue·σ(1 − σ), from the saved output as in the notes."""
        g, output, dtype = self._upstream(dvalue)
        s = output.astype(dtype, copy=False)
        dinput = np.subtract(1, s, dtype=dtype)
        dinput *= s
        dinput *= g
        self.dinput = dinput
        return self.dinput
