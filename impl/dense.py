"""The fully connected layer of the notes (§二 Dense Layer): output = input·weight + bias,
with its backward beside it: dweight = inputᵀ·dvalue, dbias = Σ_rows dvalue, dinput = dvalue·weightᵀ;
plus the book's optional L1/L2 regularisation (ch. 14), added to dweight and dbias."""

from __future__ import annotations

import numpy as np

from backprop_spec.impl import _checks
from backprop_spec.impl.regularization import add_penalty_gradient, strength, strengths


def _positive_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name}: expected a positive int; got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name}: expected a positive int; got {value}")
    return int(value)


class Layer_Dense:
    """Dense layer; weight (n_inputs × n_neurons), bias (1 × n_neurons) as in the notes.

    Computation runs in the input's float dtype (float32 stays float32; integer input runs in
    float64); parameters of another dtype are cast for the product, never modified. The four
    regularisation strengths (≥ 0, the book's names) add λ₁·sign + 2λ₂·parameter to dweight and
    dbias; Loss.regularization_loss(layer) gives the matching penalty.
    """

    def __init__(self, n_inputs: int, n_neurons: int, *, weight_regularizer_l1: float = 0,
                 weight_regularizer_l2: float = 0, bias_regularizer_l1: float = 0,
                 bias_regularizer_l2: float = 0, seed: int | None = None) -> None:
        n_inputs = _positive_int(n_inputs, "n_inputs")
        n_neurons = _positive_int(n_neurons, "n_neurons")
        self.weight_regularizer_l1 = strength(weight_regularizer_l1, "weight_regularizer_l1")
        self.weight_regularizer_l2 = strength(weight_regularizer_l2, "weight_regularizer_l2")
        self.bias_regularizer_l1 = strength(bias_regularizer_l1, "bias_regularizer_l1")
        self.bias_regularizer_l2 = strength(bias_regularizer_l2, "bias_regularizer_l2")
        rng = np.random.default_rng(seed)
        self.weight = 0.01 * rng.standard_normal((n_inputs, n_neurons))
        self.bias = np.zeros((1, n_neurons))
        self.input: np.ndarray | None = None
        self.output: np.ndarray | None = None

    def _parameters(self, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray]:
        weight = _checks.real_data(self.weight, "weight")
        bias = _checks.real_data(self.bias, "bias")
        n_neurons = self.weight.shape[1]
        if bias.shape not in ((1, n_neurons), (n_neurons,)):
            raise ValueError(
                f"bias: expected shape (1, {n_neurons}) or ({n_neurons},); got {bias.shape}"
            )
        return weight.astype(dtype, copy=False), bias.astype(dtype, copy=False)

    def forward(self, input: np.ndarray) -> np.ndarray:
        """output = input·weight + bias; keeps input for the backward pass (notes §二)."""
        if np.ndim(self.weight) != 2:
            raise ValueError(f"weight: expected a 2-D array; got shape {np.shape(self.weight)}")
        x = _checks.matrix(input, "input", columns=self.weight.shape[0])
        weight, bias = self._parameters(x.dtype)
        output = np.matmul(x, weight)
        output += bias
        self.input, self.output = x, output
        return output

    def backward(self, dvalue: np.ndarray) -> np.ndarray:
        """dweight = inputᵀ·dvalue (a sum of per-sample outer products), dbias = column sums,
        dinput = dvalue·weightᵀ (notes §二 实现); then the penalty's gradient (the book, ch. 14)."""
        x = _checks.forward_state(self, "input")
        output = _checks.forward_state(self, "output")
        g = _checks.gradient(dvalue, "dvalue", output.shape)
        dtype = _checks.compute_dtype(x.dtype, g.dtype)
        weight, bias = self._parameters(dtype)
        g = g.astype(dtype, copy=False)
        self.dweight = np.matmul(x.T.astype(dtype, copy=False), g)
        self.dbias = g.sum(axis=0, keepdims=True)
        given = strengths(self)
        add_penalty_gradient(self.dweight, weight, given["weight_regularizer_l1"],
                             given["weight_regularizer_l2"])
        add_penalty_gradient(self.dbias, bias, given["bias_regularizer_l1"], given["bias_regularizer_l2"])
        self.dinput = np.matmul(g, weight.T)
        return self.dinput
