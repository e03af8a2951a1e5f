"""Edge cases of Dense (§二 Dense Layer), ReLU (§二 ReLu), Softmax and Sigmoid (§五): each probe
runs the same steps on spec.notes_code and on impl/, so the two columns differ only by module.
The float thresholds (softmax underflow, sigmoid saturation) are measured here by bisection."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from backprop_spec import impl
from backprop_spec.spec import notes_code
from backprop_spec.spec.probes import EdgeCase, attempt, pinned, show

FLOATS = (np.float32, np.float64)
_WEIGHT = np.array([[0.5, -1.0], [2.0, 0.25], [-0.75, 1.5]])  # 3 inputs, 2 neurons


def _dense(module: ModuleType) -> Any:
    layer = module.Layer_Dense(3, 2)
    layer.weight = _WEIGHT.copy()
    return layer


def first_input_where(holds, low: float, high: float, dtype: type) -> float:
    """The smallest x in [low, high] (as `dtype`) where the monotone predicate holds(x) does."""
    low, high = float(dtype(low)), float(dtype(high))
    for _ in range(80):
        middle = float(dtype((low + high) / 2))
        if middle in (low, high):
            break
        low, high = (low, middle) if holds(middle) else (middle, high)
    return high


def smallest_softmax_output(module: ModuleType, gap: float, dtype: type) -> float:
    """softmax([gap, 0])[1] = 1/(1 + e^gap) as `module` computes it in `dtype`."""
    layer = module.Activation_Softmax()
    layer.forward(np.array([[gap, 0.0]], dtype=dtype))
    return float(layer.output[0, 1])


def softmax_underflow_gaps(module: ModuleType, dtype: type) -> tuple[float, float]:
    """(logit gap from which the smallest output is subnormal, gap from which it is exactly 0)."""
    tiny = float(np.finfo(dtype).tiny)
    subnormal = first_input_where(lambda g: smallest_softmax_output(module, g, dtype) < tiny,
                                  0, 2000, dtype)
    zero = first_input_where(lambda g: smallest_softmax_output(module, g, dtype) == 0, 0, 2000, dtype)
    return subnormal, zero


def sigmoid_of(module: ModuleType, x: float, dtype: type) -> float:
    layer = module.Activation_Sigmoid()
    layer.forward(np.array([[x]], dtype=dtype))
    return float(layer.output[0, 0])


def sigmoid_saturation_input(module: ModuleType, dtype: type) -> float:
    """The smallest x where σ(x) rounds to exactly 1.0 in `dtype`."""
    return first_input_where(lambda x: sigmoid_of(module, x, dtype) == 1.0, 0, 100, dtype)


# --- probes ---------------------------------------------------------------------------------------


def _dense_dbias(module: ModuleType) -> str:
    layer = _dense(module)
    layer.forward(np.ones((4, 3)))
    layer.backward(np.ones((4, 2)))
    return f"dbias {show(layer.dbias)}, shape {layer.dbias.shape}; bias shape {layer.bias.shape}"


def _dense_float32(module: ModuleType) -> str:
    layer = _dense(module)
    layer.forward(np.ones((2, 3), dtype=np.float32))
    layer.backward(np.ones((2, 2), dtype=np.float32))
    return (f"output {layer.output.dtype}, dweight {layer.dweight.dtype}, dinput "
            f"{layer.dinput.dtype} (weight stays {layer.weight.dtype})")


def _dense_one_dimensional(module: ModuleType) -> str:
    square = module.Layer_Dense(2, 2)
    square.weight = np.array([[1.0, 2.0], [3.0, 4.0]])

    def square_run() -> str:
        square.forward(np.array([1.0, 2.0]))
        square.backward(np.array([1.0, 1.0]))
        return f"dweight {show(square.dweight)}"

    wide = _dense(module)

    def wide_run() -> str:
        wide.forward(np.array([1.0, 2.0, 3.0]))
        wide.backward(np.array([1.0, 1.0]))
        return f"dweight {show(wide.dweight)}"

    return f"2 → 2 neurons: {attempt(square_run)}; 3 → 2 neurons: {attempt(wide_run)}"


def _relu_at_zero(module: ModuleType) -> str:
    layer = _dense(module)
    layer.forward(np.zeros((1, 3)))
    relu = module.Activation_ReLU()
    relu.forward(np.array([[-1.0, 0.0, 2.0]]))
    relu.backward(np.full((1, 3), 5.0))
    return f"Dense(zero row) = {show(layer.output)}; ReLU backward {show(relu.dinput)}"


def _softmax_large(module: ModuleType) -> str:
    parts = []
    for dtype in FLOATS:
        layer = module.Activation_Softmax()
        layer.forward(np.array([[1000.0, 0.0]], dtype=dtype))
        parts.append(show(layer.output))
    return "; ".join(parts)


def _softmax_underflow(module: ModuleType) -> str:
    parts = []
    for dtype in FLOATS:
        subnormal, zero = softmax_underflow_gaps(module, dtype)
        parts.append(f"{np.dtype(dtype).name}: subnormal from gap {subnormal:.2f}, exactly 0 from "
                     f"{zero:.2f}")
    return "; ".join(parts)


def _softmax_integer_dvalue(module: ModuleType) -> str:
    layer = module.Activation_Softmax()
    layer.forward(np.zeros((1, 3)))
    layer.backward(np.array([[1, 0, 0]]))
    return f"S = {show(layer.output)}; dinput {show(layer.dinput)}"


def _sigmoid_saturation(module: ModuleType) -> str:
    parts = []
    for dtype, x in ((np.float32, 20.0), (np.float64, 40.0)):
        saturated = sigmoid_saturation_input(module, dtype)
        layer = module.Activation_Sigmoid()
        layer.forward(np.array([[x, -x]], dtype=dtype))
        layer.backward(np.ones((1, 2), dtype=dtype))
        parts.append(f"{np.dtype(dtype).name}: σ = 1.0 from x = {saturated:.2f}; at ±{x:g} σ = "
                     f"{show(layer.output)}, dinput {show(layer.dinput)} (true e^-{x:g} = "
                     f"{np.exp(-x):.4g})")
    return "; ".join(parts)


def _sigmoid_large_negative(module: ModuleType) -> str:
    layer = module.Activation_Sigmoid()
    layer.forward(np.array([[-1000.0, -50.0]]))
    return f"σ {show(layer.output)}"


# --- the catalogue ----------------------------------------------------------------------------------

ENTRIES = (
    EdgeCase(
        "dense_dbias_shape", "Dense", "dbias keeps bias's (1, b) shape",
        "`backward(dvalue)` with dvalue of shape (4, 2)",
        "The notes remark that keepdims=True is optional (an erratum: without it dbias is (b,)); "
        "a (1, b) dbias matches bias, so `bias -= lr * dbias` never changes bias's shape.",
        lambda: _dense_dbias(notes_code), lambda: _dense_dbias(impl),
        "`torch.nn.Linear` stores bias as a 1-D (out_features,) tensor, and its gradient has that "
        "shape.", pinned("test_dense_dbias_has_the_shape_of_bias")),
    EdgeCase(
        "dense_float32_kept", "Dense", "float32 input with the float64 weights of `randn`",
        "`forward(np.ones((2, 3), float32))`, weight float64, then a float32 dvalue",
        "Weights drawn with `0.01 * np.random.randn` are float64, so the notes' code silently "
        "promotes a float32 network to float64; impl/ computes in the input's dtype.",
        lambda: _dense_float32(notes_code), lambda: _dense_float32(impl),
        "`torch.nn.functional.linear` (matmul) raises RuntimeError when input and weight dtypes "
        "differ; nothing is promoted.", pinned("test_dense_float32_input_stays_float32")),
    EdgeCase(
        "dense_one_sample_as_vector", "Dense", "n = 1 written as a 1-D row",
        "`forward(x)` with x of shape (a,) instead of (1, a), then a 1-D dvalue",
        "A 1-D array has no transpose (`x.T` is x), so `np.dot(input.T, dvalue)` is an inner "
        "product: a scalar dweight when a = b, a ValueError otherwise. n = 1 as (1, a) is fine.",
        lambda: _dense_one_dimensional(notes_code), lambda: _dense_one_dimensional(impl),
        "`torch.nn.Linear` accepts an unbatched 1-D input (in_features,) and its weight gradient is "
        "the (out, in) outer product.", pinned("test_dense_refuses_a_one_dimensional_sample")),
    EdgeCase(
        "relu_at_zero", "ReLU", "ReLU at exactly 0",
        "input `[[-1, 0, 2]]`, dvalue 5 everywhere",
        "Pre-activations are exactly 0 in normal use: a zero input row (padding, a black pixel) "
        "through a Dense layer with zero-initialised bias gives 0 for every neuron. The notes' "
        "mask `input < 0` passes the gradient there (a valid subgradient; see the proofs).",
        lambda: _relu_at_zero(notes_code), lambda: _relu_at_zero(impl),
        "`torch.relu`'s backward is `threshold_backward(grad, output, 0)`: the gradient passes only "
        "where the value is > 0, so relu'(0) = 0.", pinned("test_relu_passes_the_gradient_at_zero")),
    EdgeCase(
        "softmax_large_logits", "Softmax", "large logits",
        "logits `[[1000, 0]]` in float32, then in float64",
        "e^1000 overflows both dtypes; subtracting the row max first (the notes' completion and "
        "impl/ both do) keeps every exponent ≤ 0, and e^-1000 underflows to exactly 0.",
        lambda: _softmax_large(notes_code), lambda: _softmax_large(impl),
        "`torch.softmax` subtracts the row max as well, so large logits give [1, 0] too.",
        pinned("test_softmax_of_large_logits_is_exactly_one_hot")),
    EdgeCase(
        "softmax_underflow", "Softmax", "where the smallest output underflows",
        "logits `[[gap, 0]]`: smallest output 1/(1 + e^gap); bisection on the gap",
        "Past the first gap the smallest probability is subnormal (precision lost), past the "
        "second it is exactly 0: log(0) in CCE and 0/0 in its backward (see "
        "[Softmax+CCE](#softmax_cce_nan_row)); the figure below plots it.",
        lambda: _softmax_underflow(notes_code), lambda: _softmax_underflow(impl),
        "`torch.softmax` underflows at the same gaps (IEEE exp); `torch.log_softmax` returns "
        "z − max − log Σ e^(z − max), finite at any gap.",
        pinned("test_softmax_underflow_gaps_match_the_float_formats")),
    EdgeCase(
        "softmax_integer_dvalue", "Softmax", "an integer dvalue",
        "softmax of `[[0, 0, 0]]` (S = 1/3 each), dvalue `[[1, 0, 0]]` of dtype int64",
        "The notes allocate `np.empty_like(dvalue)`: an int64 array, into which each gradient "
        "row (2/9, -1/9, -1/9) is truncated towards zero.",
        lambda: _softmax_integer_dvalue(notes_code), lambda: _softmax_integer_dvalue(impl),
        "In PyTorch only floating-point (and complex) tensors can have `requires_grad=True`; a "
        "gradient is never an integer tensor.",
        pinned("test_softmax_backward_of_an_integer_dvalue_is_float")),
    EdgeCase(
        "sigmoid_saturation", "Sigmoid", "σ rounds to exactly 1",
        "x = ±20 in float32, ±40 in float64; bisection for the first x with σ(x) = 1.0",
        "Once 1 + e^-x rounds to 1, σ = 1.0 and σ(1 − σ) = 0 although σ' = e^-x/(1 + e^-x)² "
        "≈ e^-x > 0: the backward from the saved output loses the gradient. For x < 0 it "
        "does not: σ ≈ e^x is stored to full precision.",
        lambda: _sigmoid_saturation(notes_code), lambda: _sigmoid_saturation(impl),
        "`torch.sigmoid`'s backward also works from the output, grad·(1 − y)·y, so it gives 0 at "
        "the same inputs.", pinned("test_sigmoid_backward_is_zero_once_sigma_rounds_to_one")),
    EdgeCase(
        "sigmoid_large_negative", "Sigmoid", "very negative input",
        "x = `[[-1000, -50]]` float64",
        "The notes' `1 / (1 + np.exp(-input))` overflows e^1000 to inf (a RuntimeWarning) and "
        "still returns the right 0; impl/ goes through e^-|x| and never overflows.",
        lambda: _sigmoid_large_negative(notes_code), lambda: _sigmoid_large_negative(impl),
        "`torch.sigmoid(-1000.)` is 0 and PyTorch emits no floating-point warnings.",
        pinned("test_sigmoid_of_very_negative_input_is_quiet")),
)
