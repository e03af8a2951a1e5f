"""Behaviours of impl/ that mutation testing (tests/mutation/run_mutmut.py) found unpinned: each
test kills mutants that survived the rest of the suite. Expected values come from the formulas
in the comments, and messages from the argument names the public methods document."""

import numpy as np
import pytest

from backprop_spec.impl import (
    Activation_Linear,
    Activation_ReLU,
    Activation_Sigmoid,
    Activation_Softmax,
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Layer_Dense,
    Layer_Dropout,
    Loss,
    Loss_BinaryCrossentropy,
    Loss_CategoricalCrossentropy,
    Loss_MeanAbsoluteError,
    Loss_MeanSquaredError,
    softmax_backward_per_sample,
)

P = np.array([[0.5, 0.5], [0.25, 0.75]])
ONE_D = np.array([0.5, 0.5])
RAGGED = [[1.0, 0.0], [1.0]]


def _fused_backward(y_pred, y_true):
    return Activation_Softmax_Loss_CategoricalCrossentropy().backward(y_pred, y_true)


def _dense_with(weight=None, bias=None):
    """A 2 → 2 Dense layer, its weight or bias replaced, run forward on ones."""
    layer = Layer_Dense(2, 2)
    layer.weight = layer.weight if weight is None else weight
    layer.bias = layer.bias if bias is None else bias
    return layer.forward(np.ones((1, 2)))


def _relu_backward(dvalue):
    relu = Activation_ReLU()
    relu.forward(np.ones((1, 2)))
    return relu.backward(dvalue)


def _dropout_backward(dvalue):
    layer = Layer_Dropout(0.5, seed=0)
    layer.forward(np.ones((1, 2)))
    return layer.backward(dvalue)


def _regularised_with(weight):
    """Loss.regularization_loss of a 2 → 2 Dense whose weight is replaced."""
    layer = Layer_Dense(2, 2, weight_regularizer_l2=0.1)
    layer.weight = weight
    return Loss().regularization_loss(layer)


def _dense_backward(dvalue):
    layer = Layer_Dense(2, 2)
    layer.forward(np.ones((1, 2)))
    return layer.backward(dvalue)


# (id, call, arguments, exception, the argument the message must start with, a fragment)
NAMED = [
    ("relu forward 1-D", Activation_ReLU().forward, (ONE_D,), ValueError, "input",
     "(n_samples, features)"),
    ("relu gradient shape", _relu_backward, (np.ones((1, 3)),), ValueError, "dvalue", "(1, 2)"),
    ("relu complex gradient", _relu_backward, (np.ones((1, 2), complex),), TypeError, "dvalue",
     "complex"),
    ("dense float size", Layer_Dense, (2.5, 3), TypeError, "n_inputs", "got float 2.5"),
    ("dense zero neurons", Layer_Dense, (2, 0), ValueError, "n_neurons", "got 0"),
    ("dense 1-D weight", _dense_with, (np.ones(2),), ValueError, "weight", "2-D array; got shape (2,)"),
    ("dense feature count", Layer_Dense(2, 2).forward, (np.ones((1, 3)),), ValueError, "input",
     "2 features per sample"),
    ("dense complex weight", _dense_with, (np.ones((2, 2), complex),), TypeError, "weight",
     "complex"),
    ("dense string bias", _dense_with, (None, np.full((1, 2), "a")), TypeError, "bias", "<U1"),
    ("dense bias shape", _dense_with, (None, np.zeros((2, 2))), ValueError, "bias",
     "shape (1, 2) or (2,); got (2, 2)"),
    ("dense gradient shape", _dense_backward, (np.ones((1, 3)),), ValueError, "dvalue", "(1, 2)"),
    ("softmax forward 1-D", Activation_Softmax().forward, (ONE_D,), ValueError, "input",
     "(n_samples, classes)"),
    ("sigmoid forward 1-D", Activation_Sigmoid().forward, (ONE_D,), ValueError, "input",
     "(n_samples, outputs)"),
    ("per-sample reference 1-D output", softmax_backward_per_sample, (ONE_D, ONE_D), ValueError,
     "output", "(n_samples, classes)"),
    ("per-sample reference dvalue shape", softmax_backward_per_sample, (P, np.ones((2, 3))),
     ValueError, "dvalue", "(2, 2)"),
    ("cce 1-D y_pred", Loss_CategoricalCrossentropy().forward, (ONE_D, np.array([0])), ValueError,
     "y_pred", "(n_samples, outputs)"),
    ("cce forward logits", Loss_CategoricalCrossentropy().forward, (P + 1, np.array([0, 1])),
     ValueError, "y_pred", "[0, 1]"),
    ("cce ragged labels", Loss_CategoricalCrossentropy().forward, (P, RAGGED), TypeError, "y_true",
     "numeric array"),
    ("cce sparse out of range", Loss_CategoricalCrossentropy().forward, (P, np.array([0, 2])),
     ValueError, "y_true", "[0, 1]"),
    ("cce one-hot above 1", Loss_CategoricalCrossentropy().forward, (P, np.full((2, 2), 2.0)),
     ValueError, "y_true", "[0, 1]"),
    ("cce backward logits", Loss_CategoricalCrossentropy().backward, (P + 1, np.array([0, 1])),
     ValueError, "y_pred", "[0, 1]"),
    ("bce forward logits", Loss_BinaryCrossentropy().forward, (P + 1, np.ones((2, 2))), ValueError,
     "y_pred", "[0, 1]"),
    ("bce backward logits", Loss_BinaryCrossentropy().backward, (P + 1, np.ones((2, 2))),
     ValueError, "y_pred", "[0, 1]"),
    ("fused backward logits", _fused_backward, (P + 1, np.array([0, 1])), ValueError, "y_pred",
     "[0, 1]"),
    ("bce ragged labels", Loss_BinaryCrossentropy().forward, (P, RAGGED), TypeError, "y_true",
     "expected a numeric array; got list ("),
    ("bce labels above 1", Loss_BinaryCrossentropy().forward, (P, np.full((2, 2), 2.0)), ValueError,
     "y_true", "[0, 1]"),
    ("bce (n,) labels for two outputs", Loss_BinaryCrossentropy().backward, (P, np.array([1, 0])),
     ValueError, "y_true", "(2, 2)"),
    # the book's layers beyond the notes
    ("linear forward 1-D", Activation_Linear().forward, (ONE_D,), ValueError, "input",
     "(n_samples, outputs)"),
    ("mse 1-D y_pred", Loss_MeanSquaredError().forward, (ONE_D, ONE_D), ValueError, "y_pred",
     "(n_samples, outputs)"),
    ("mae string labels", Loss_MeanAbsoluteError().backward, (P, np.full((2, 2), "a")), TypeError,
     "y_true", "<U1"),
    ("mse nan prediction", Loss_MeanSquaredError().forward, (np.array([[np.nan], [0.5]]), ONE_D),
     ValueError, "y_pred", "finite"),
    ("mae inf label", Loss_MeanAbsoluteError().forward, (P, np.array([[np.inf, 0.0], [0.0, 1.0]])),
     ValueError, "y_true", "finite"),
    ("dropout forward 1-D", Layer_Dropout(0.5).forward, (ONE_D,), ValueError, "input", "2-D"),
    ("dropout gradient shape", _dropout_backward, (np.ones((1, 3)),), ValueError, "dvalue", "(1, 2)"),
    *((f"dense negative {name}", lambda n=name: Layer_Dense(2, 2, **{n: -0.5}), (), ValueError, name, "-0.5")
      for name in ("weight_regularizer_l1", "weight_regularizer_l2", "bias_regularizer_l1",
                   "bias_regularizer_l2")),
    ("regularization loss string weight", _regularised_with, (np.full((2, 2), "a"),), TypeError,
     "weight", "<U1"),
    ("regularization loss of a non-layer", Loss().regularization_loss, (object(),), TypeError, "layer",
     "expected a Layer_Dense with weight_regularizer_l1, weight_regularizer_l2, bias_regularizer_l1, "
     "bias_regularizer_l2; got object"),
]


@pytest.mark.parametrize("call, args, error, name, fragment", [c[1:] for c in NAMED],
                         ids=[c[0] for c in NAMED])
def test_each_message_starts_with_the_argument_it_is_about(call, args, error, name, fragment):
    """Every check names the offending argument exactly, first: "input: …", "y_pred: …". A
    fragment test alone lets a renamed argument ("XXinputXX") or a lost one ("None:") through."""
    with pytest.raises(error) as raised:
        call(*args)
    message = str(raised.value)
    assert message.startswith(f"{name}: "), message
    assert fragment in message, message


@pytest.mark.parametrize("call, args, message", [
    (Activation_ReLU().forward, (np.ones((1, 2, 1)),),
     "input: expected a 2-D array of shape (n_samples, features); got 3-D shape (1, 2, 1)"),
    (Activation_Sigmoid().forward, (ONE_D,),
     "input: expected a 2-D array of shape (n_samples, outputs); got 1-D shape (2,); "
     "for one sample use x.reshape(1, -1)"),
    (Layer_Dense(2, 2).forward, (ONE_D,),
     "input: expected a 2-D array of shape (n_samples, 2); got 1-D shape (2,); "
     "for one sample use x.reshape(1, -1)"),
    (Activation_ReLU().backward, (np.ones((1, 2)),),
     "Activation_ReLU.backward(): called before forward(); expected a saved 'output', got none"),
    (Loss_CategoricalCrossentropy().forward, (P + 1, np.array([0, 1])),
     "y_pred: expected probabilities in [0, 1]; got values in [1.25, 1.75] "
     "(logits passed where probabilities belong?)"),
    (Activation_Softmax().forward, (np.array([[np.nan, 0.0]]),),
     "input: expected finite logits; got inf or NaN"),
])
def test_messages_written_out_in_full(call, args, message):
    """Messages pinned word for word where their parts are computed: the column count or name, the
    reshape hint for 1-D input only, the class name of a layer used before forward(), the logits
    hint after the range of the predictions; and the finite-logits check, a literal."""
    with pytest.raises(ValueError) as raised:
        call(*args)
    assert str(raised.value) == message


@pytest.mark.parametrize("k, shape_text", [(1, "shape (2, 1) or (2,) for"), (2, "shape (2, 2) for")])
def test_bce_label_shape_message_offers_n_only_for_one_output(k, shape_text):
    """BCE accepts (n,) labels only when k = 1, and its message says so: "(n, 1) or (n,)" for one
    output, just "(n, k)" for several."""
    with pytest.raises(ValueError) as raised:
        Loss_BinaryCrossentropy().forward(P[:, :k], np.ones(3))
    assert shape_text in str(raised.value), str(raised.value)


@pytest.mark.parametrize("loss, labels", [
    (Loss_BinaryCrossentropy(), np.ones((2, 2), np.complex64)),
    (Loss_CategoricalCrossentropy(), np.eye(2, dtype=np.complex64)),
])
def test_complex_labels_are_refused_even_when_eight_bytes_wide(loss, labels):
    """Dense labels must be bool, integer or float: complex64 (kind 'c', 8 bytes) is refused by its
    kind alone, not let through to a cast that would drop the imaginary part."""
    with pytest.raises(TypeError) as raised:
        loss.forward(P, labels)
    assert str(raised.value).startswith("y_true: "), str(raised.value)


def test_bce_float32_predictions_with_integer_labels_stay_float32():
    """Labels are converted to the predictions' dtype, so uint8 labels never promote a float32 BCE
    to float64: loss −ln ½ = ln 2 and gradient −(1/ŷ)/k/n = −2/2/1 = −1 per element, in float32."""
    loss = Loss_BinaryCrossentropy()
    pred = np.array([[0.5, 0.5]], np.float32)
    labels = np.array([[1, 1]], np.uint8)
    losses = loss.forward(pred, labels)
    dinput = loss.backward(pred, labels)
    assert losses.dtype == dinput.dtype == np.float32
    np.testing.assert_allclose(losses, [np.log(2)], rtol=1e-7)
    np.testing.assert_array_equal(dinput, [[-1.0, -1.0]])


@pytest.mark.parametrize("input_dtype, dvalue_dtype", [(np.float32, np.float64), (np.float64, np.float32)])
def test_dense_backward_of_mixed_floats_runs_in_float64(input_dtype, dvalue_dtype):
    """The backward computes in float64 unless both the saved input and dvalue are float32, so a
    float32 side never rounds the other's float64 values: x = 1 + 2⁻³⁰ survives into dweight."""
    layer = Layer_Dense(1, 1)
    layer.weight = np.array([[2.0]])
    x = np.array([[1 + 2.0**-30]], input_dtype)
    g = np.array([[1 + 2.0**-30]], dvalue_dtype)
    layer.forward(x)
    layer.backward(g)
    assert layer.dweight.dtype == layer.dbias.dtype == layer.dinput.dtype == np.float64
    # the float32 operand is exactly 1; the float64 one keeps its 2⁻³⁰
    np.testing.assert_array_equal(layer.dweight, [[1 + 2.0**-30]])
    np.testing.assert_array_equal(layer.dinput, [[2 * float(g[0, 0])]])


@pytest.mark.parametrize("output_dtype, dvalue_dtype, expected", [
    (np.float32, np.float32, np.float32),
    (np.float32, np.float64, np.float64),
    (np.float64, np.float32, np.float64),
])
def test_per_sample_reference_computes_in_the_wider_float(output_dtype, dvalue_dtype, expected):
    """The notes' per-sample Jacobian product keeps float32 only when both operands are float32,
    like the vectorised backward; values: S = (½, ½), g = (1, 0) gives (¼, −¼)."""
    out = softmax_backward_per_sample(np.array([[0.5, 0.5]], output_dtype),
                                      np.array([[1.0, 0.0]], dvalue_dtype))
    assert out.dtype == expected
    np.testing.assert_array_equal(out, [[0.25, -0.25]])


def test_saved_state_is_none_until_forward_runs():
    """`input` and `output` are None before forward(), so a caller (and the adapter's attribute
    lookup) can tell that nothing was saved yet; forward() then sets them."""
    layers = [Layer_Dense(2, 2), Activation_ReLU(), Activation_Softmax(), Activation_Sigmoid(),
              Activation_Linear(), Layer_Dropout(0.5)]
    for layer in layers:
        assert layer.input is None and layer.output is None, type(layer).__name__
        layer.forward(np.ones((1, 2)))
        assert layer.input.shape == layer.output.shape == (1, 2)
    assert Activation_Softmax_Loss_CategoricalCrossentropy().output is None
    assert Layer_Dropout(0.5).binary_mask is None


# dvalue (g0, g1) at x = (1, 1): ReLU passes it; softmax has S = (½, ½), so S ⊙ (g − Σ g S) is
# ((g0 − g1)/4, (g1 − g0)/4), exact in float64
MIXED_EXPECTED = {Activation_ReLU: lambda g: g, Activation_Softmax: lambda g: (g - g[:, ::-1]) / 4,
                  Activation_Linear: lambda g: g}


@pytest.mark.parametrize("cls", [Activation_ReLU, Activation_Softmax, Activation_Sigmoid, Activation_Linear])
@pytest.mark.parametrize("input_dtype, dvalue_dtype", [(np.float32, np.float64), (np.float64, np.float32)])
def test_activation_backward_of_mixed_floats_runs_in_float64(cls, input_dtype, dvalue_dtype):
    """Like Dense, an activation's backward is float32 only when its saved output and dvalue both
    are. A float64 dvalue (1 + 2⁻³⁰, 1) keeps its 2⁻³⁰ in ReLU's and softmax's results, which a
    float32 computation would round away."""
    layer = cls()
    layer.forward(np.array([[1.0, 1.0]], input_dtype))
    g = np.array([[1 + 2.0**-30, 1.0]], dvalue_dtype)
    dinput = layer.backward(g)
    assert dinput.dtype == np.float64
    if cls in MIXED_EXPECTED:
        np.testing.assert_array_equal(dinput, MIXED_EXPECTED[cls](g.astype(np.float64)))



def test_dense_initial_weights_are_a_hundredth_of_seeded_standard_normals():
    """weight = 0.01 · N(0, 1) draws as in the notes, bias zero; `seed` makes them reproducible.
    Over 200 × 50 draws the sample standard deviation is within 5% of 0.01 (its relative
    standard error is 1/√20000 ≈ 0.7%) and the mean within 0.0005 of 0 (5 standard errors)."""
    layer = Layer_Dense(200, 50, seed=7)
    np.testing.assert_array_equal(layer.weight, Layer_Dense(200, 50, seed=7).weight)
    assert not np.array_equal(layer.weight, Layer_Dense(200, 50, seed=8).weight)
    assert 0.0095 < layer.weight.std() < 0.0105
    assert abs(layer.weight.mean()) < 0.0005
    np.testing.assert_array_equal(layer.bias, np.zeros((1, 50)))


def test_dense_float32_forward_casts_a_float64_bias_before_adding():
    """A float32 input runs in float32 throughout: the float64 bias 2⁻²⁴ + 2⁻⁴⁹ is rounded to
    float32 first (to 2⁻²⁴), and 1 + 2⁻²⁴ is a tie that float32 rounds to even, 1. Adding the
    float64 bias before rounding would give 1 + 2⁻²³ instead."""
    layer = Layer_Dense(1, 1)
    layer.weight = np.array([[1.0]])
    layer.bias = np.array([[2.0**-24 + 2.0**-49]])
    out = layer.forward(np.array([[1.0]], np.float32))
    assert out.dtype == np.float32
    assert out[0, 0] == 1.0
