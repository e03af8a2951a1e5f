"""One test per entry of spec/edge_cases.py's catalogue: impl/'s behaviour on the edge case, and
the notes' literal code's (spec/notes_code.py) where SPEC.md shows it. Expected values are
worked out by hand or from the formulas in the comments, never copied from an output."""

import math
import warnings

import numpy as np
import pytest

from backprop_spec import impl
from backprop_spec.spec import notes_code as notes

LN2 = math.log(2)
Y_PRED = np.array([[0.5, 0.5], [0.25, 0.75]])
FLOAT_LABEL_GRADIENT = [[-1.0, 0.0], [0.0, -2.0 / 3.0]]  # −y/ŷ/n with n = 2
NUMPY_2 = int(np.__version__.split(".")[0]) >= 2


def _dense(module, n_inputs=3, n_neurons=2):
    layer = module.Layer_Dense(n_inputs, n_neurons)
    layer.weight = np.arange(1.0, n_inputs * n_neurons + 1).reshape(n_inputs, n_neurons)
    return layer


def _backward(loss_class, y_pred, labels):
    loss = loss_class()
    loss.backward(y_pred, labels)
    return loss.dinput


def _central_difference(loss, y_pred, labels, step=1e-9):
    """d mean-loss / d ŷ[0, 0] by a central difference of the forward."""
    def at(shift):
        moved = y_pred.copy()
        moved[0, 0] += shift
        return float(np.mean(loss.forward(moved, labels)))
    return (at(step) - at(-step)) / (2 * step)


def test_dense_dbias_has_the_shape_of_bias():
    """§二 Dense: dbias = column sums of dvalue, kept (1, b) like bias; 4 rows of ones sum to 4."""
    for module in (impl, notes):
        layer = _dense(module)
        layer.forward(np.ones((4, 3)))
        layer.backward(np.ones((4, 2)))
        assert layer.dbias.shape == layer.bias.shape == (1, 2)
        np.testing.assert_array_equal(layer.dbias, [[4.0, 4.0]])


def test_dense_float32_input_stays_float32():
    """impl/ computes in the input's dtype; the notes' float64 weights promote output to float64."""
    layer = _dense(impl)
    layer.forward(np.ones((2, 3), dtype=np.float32))
    layer.backward(np.ones((2, 2), dtype=np.float32))
    assert layer.output.dtype == layer.dweight.dtype == layer.dinput.dtype == np.float32
    assert layer.weight.dtype == np.float64
    np.testing.assert_array_equal(layer.output, [[9.0, 12.0]] * 2)  # 1+3+5, 2+4+6
    original = _dense(notes)
    original.forward(np.ones((2, 3), dtype=np.float32))
    original.backward(np.ones((2, 2), dtype=np.float32))
    assert original.output.dtype == original.dinput.dtype == np.float64
    assert original.dweight.dtype == np.float32  # inputᵀ·dvalue: both float32


def test_dense_refuses_a_one_dimensional_sample():
    """One sample as a 1-D row: impl/ says to reshape; the notes' `input.T` is a no-op, so
    dweight = x·dvalue, an inner product (1·1 + 2·1 = 3) for a square layer."""
    with pytest.raises(ValueError, match=r"reshape\(1, -1\)"):
        _dense(impl).forward(np.array([1.0, 2.0, 3.0]))
    square = _dense(notes, 2, 2)
    square.forward(np.array([1.0, 2.0]))
    square.backward(np.array([1.0, 1.0]))
    assert np.ndim(square.dweight) == 0 and square.dweight == 3.0
    wide = _dense(notes)
    wide.forward(np.array([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError):
        wide.backward(np.array([1.0, 1.0]))


def test_relu_passes_the_gradient_at_zero():
    """§二 ReLu: a zero row through a zero-bias Dense layer is exactly 0; the mask `input < 0`
    then passes dvalue there, in impl/ and the notes alike (PyTorch would give 0)."""
    for module in (impl, notes):
        layer = _dense(module)
        layer.forward(np.zeros((1, 3)))
        assert np.all(layer.output == 0)
        relu = module.Activation_ReLU()
        relu.forward(np.array([[-1.0, 0.0, 2.0]]))
        relu.backward(np.full((1, 3), 5.0))
        np.testing.assert_array_equal(relu.dinput, [[0.0, 5.0, 5.0]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_softmax_of_large_logits_is_exactly_one_hot(dtype):
    """With the row max subtracted, e^0 = 1 and e^-1000 underflows to 0: exactly [1, 0]."""
    for module in (impl, notes):
        layer = module.Activation_Softmax()
        layer.forward(np.array([[1000.0, 0.0]], dtype=dtype))
        assert layer.output.dtype == dtype
        np.testing.assert_array_equal(layer.output, [[1.0, 0.0]])


@pytest.mark.parametrize(("dtype", "min_exponent", "subnormal_bits"),
                         [(np.float32, 126, 23), (np.float64, 1022, 52)])
def test_softmax_underflow_gaps_match_the_float_formats(dtype, min_exponent, subnormal_bits):
    """The smaller output of softmax([g, 0]) is ≈ e^-g: subnormal once e^-g < 2^-min_exponent,
    0 once e^-g < 2^-(min_exponent + subnormal_bits + 1), half the smallest subnormal."""
    def smallest(gap):
        return float(impl.Activation_Softmax().forward(np.array([[gap, 0.0]], dtype=dtype))[0, 1])

    subnormal_gap, zero_gap = min_exponent * LN2, (min_exponent + subnormal_bits + 1) * LN2
    tiny = float(np.finfo(dtype).tiny)
    assert smallest(subnormal_gap - 0.01) >= tiny > smallest(subnormal_gap + 0.01) > 0
    assert smallest(zero_gap - 0.01) > 0 == smallest(zero_gap + 0.01)


def test_softmax_backward_of_an_integer_dvalue_is_float():
    """S = 1/3 each, dvalue e₁: S(δ − S)·e₁ = (2/9, -1/9, -1/9); the notes' empty_like(int)
    truncates every entry to 0."""
    layer = impl.Activation_Softmax()
    layer.forward(np.zeros((1, 3)))
    np.testing.assert_allclose(layer.backward(np.array([[1, 0, 0]])), [[2 / 9, -1 / 9, -1 / 9]],
                               rtol=1e-15)
    original = notes.Activation_Softmax()
    original.forward(np.zeros((1, 3)))
    original.backward(np.array([[1, 0, 0]]))
    assert original.dinput.dtype.kind == "i"
    np.testing.assert_array_equal(original.dinput, [[0, 0, 0]])


@pytest.mark.parametrize(("dtype", "mantissa_bits"), [(np.float32, 24), (np.float64, 53)])
def test_sigmoid_backward_is_zero_once_sigma_rounds_to_one(dtype, mantissa_bits):
    """1 + e^-x rounds to 1 once e^-x ≤ 2^-mantissa_bits, i.e. x ≥ mantissa_bits·ln 2; then
    σ = 1 and σ(1 − σ) = 0. At −x, σ ≈ e^-x keeps the gradient."""
    edge = mantissa_bits * LN2
    layer = impl.Activation_Sigmoid()
    below, above = layer.forward(np.array([[edge - 0.05, edge + 0.05]], dtype=dtype))[0]
    assert below < 1.0 == above
    x = edge + 3
    layer.forward(np.array([[x, -x]], dtype=dtype))
    dinput = layer.backward(np.ones((1, 2), dtype=dtype))
    assert dinput[0, 0] == 0
    np.testing.assert_allclose(dinput[0, 1], math.exp(-x), rtol=1e-5)


def test_sigmoid_of_very_negative_input_is_quiet():
    """σ(−1000) = 0 and σ(−50) = e^-50/(1 + e^-50) ≈ 1.929e-22; the notes' e^1000 overflows."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        output = impl.Activation_Sigmoid().forward(np.array([[-1000.0, -50.0]]))
    assert output[0, 0] == 0
    np.testing.assert_allclose(output[0, 1], math.exp(-50), rtol=1e-14)
    with pytest.warns(RuntimeWarning, match="overflow"):
        notes.Activation_Sigmoid().forward(np.array([[-1000.0]]))


def test_cce_backward_at_a_zero_prediction_is_finite():
    """§三: impl/ gives −1/(1e-7·n) at ŷ = 0 with label 1, and 0 (not 0/0) with label 0; the
    notes' unclipped −label/ŷ gives −inf and NaN."""
    y_pred, labels = np.array([[0.0, 1.0], [0.0, 1.0]]), np.array([[1, 0], [0, 1]])
    dinput = _backward(impl.Loss_CategoricalCrossentropy, y_pred, labels)
    np.testing.assert_allclose(dinput, [[-1 / (1e-7 * 2), 0.0], [0.0, -1 / (2 * (1 - 1e-7))]],
                               rtol=1e-15)
    with np.errstate(divide="ignore", invalid="ignore"):
        original = _backward(notes.Loss_CategoricalCrossentropy, y_pred, labels)
    assert original[0, 0] == -np.inf and np.isnan(original[1, 0])


def test_cce_backward_disagrees_with_the_flat_clipped_forward():
    """Below the clip bound the forward is flat (numeric gradient 0) but the backward is
    −1/1e-7; at the bound the step straddles the kink: −ln(1.01)/2e-9 against −1e7; inside,
    both are −1/ŷ."""
    loss, label = impl.Loss_CategoricalCrossentropy(), np.array([0])
    cases = [(5e-8, 0.0, -1e7), (1e-7, -math.log(1.01) / 2e-9, -1e7), (2e-7, -5e6, -5e6)]
    for p, numeric, backward in cases:
        y_pred = np.array([[p, 1 - p]])
        assert _central_difference(loss, y_pred, label) == pytest.approx(numeric, rel=1e-5, abs=1e-6)
        assert loss.backward(y_pred, label)[0, 0] == pytest.approx(backward, rel=1e-12)
    original = _backward(notes.Loss_CategoricalCrossentropy, np.array([[5e-8, 1 - 5e-8]]), label)
    assert original[0, 0] == pytest.approx(-1 / 5e-8, rel=1e-12)  # no clip in the notes


def test_cce_uint8_and_bool_labels_give_the_float_gradient():
    """impl/ converts labels to float first. The notes' −label wraps uint8 1 to 255: +255/ŷ/n,
    i.e. 255/0.5/2 = 255 and 255/0.75/2 = 170; bool has no unary minus."""
    for dtype in (np.uint8, np.bool_):
        labels = np.array([[1, 0], [0, 1]], dtype=dtype)
        dinput = _backward(impl.Loss_CategoricalCrossentropy, Y_PRED, labels)
        np.testing.assert_allclose(dinput, FLOAT_LABEL_GRADIENT, rtol=1e-15)
    wrapped = _backward(notes.Loss_CategoricalCrossentropy, Y_PRED,
                        np.array([[1, 0], [0, 1]], dtype=np.uint8))
    np.testing.assert_allclose(wrapped, [[255.0, 0.0], [0.0, 170.0]], rtol=1e-15)
    with pytest.raises(TypeError, match="boolean negative"):
        _backward(notes.Loss_CategoricalCrossentropy, Y_PRED, np.array([[True, False], [False, True]]))


def test_cce_sparse_labels_in_a_column_are_class_indices():
    """(n, 1) labels [[0], [1]] are classes 0 and 1 in impl/; the notes read them as a one-hot
    column that broadcasts: row 0 all 0, row 1 −1/ŷ/2 = (−2, −2/3)."""
    column = np.array([[0], [1]])
    np.testing.assert_allclose(_backward(impl.Loss_CategoricalCrossentropy, Y_PRED, column),
                               FLOAT_LABEL_GRADIENT, rtol=1e-15)
    np.testing.assert_allclose(_backward(notes.Loss_CategoricalCrossentropy, Y_PRED, column),
                               [[0.0, 0.0], [-2.0, -2.0 / 3.0]], rtol=1e-15)


@pytest.mark.parametrize("module", [impl, notes], ids=["impl", "notes"])
def test_bce_flat_and_column_labels_agree(module):
    """BCE: −(y/ŷ − (1 − y)/(1 − ŷ))/k/n: y = 1, ŷ = ½ → −1; y = 0, ŷ = ¼ → (4/3)/2 = 2/3."""
    y_pred = np.array([[0.5], [0.25]])
    flat = _backward(module.Loss_BinaryCrossentropy, y_pred, np.array([1.0, 0.0]))
    column = _backward(module.Loss_BinaryCrossentropy, y_pred, np.array([[1.0], [0.0]]))
    np.testing.assert_array_equal(flat, column)
    np.testing.assert_allclose(column, [[-1.0], [2.0 / 3.0]], rtol=1e-15)


@pytest.mark.parametrize("dtype", [np.uint8, np.bool_])
@pytest.mark.parametrize("module", [impl, notes], ids=["impl", "notes"])
def test_bce_uint8_and_bool_labels_give_the_float_gradient(module, dtype):
    """The notes' BCE line divides before negating and 1 − y stays in {0, 1}: both dtypes work."""
    dinput = _backward(module.Loss_BinaryCrossentropy, np.array([[0.5], [0.25]]),
                       np.array([[1], [0]], dtype=dtype))
    np.testing.assert_allclose(dinput, [[-1.0], [2.0 / 3.0]], rtol=1e-15)


def test_bce_backward_disagrees_with_the_flat_clipped_forward():
    """Beyond either bound the clipped forward is flat, the backward is ∓1/1e-7."""
    loss = impl.Loss_BinaryCrossentropy()
    for p, label, backward in ((5e-8, 1.0, -1e7), (1 - 5e-8, 0.0, 1e7)):
        y_pred, labels = np.array([[p]]), np.array([[label]])
        assert _central_difference(loss, y_pred, labels) == 0
        assert loss.backward(y_pred, labels)[0, 0] == pytest.approx(backward, rel=1e-8)


def test_softmax_then_cce_at_a_zero_output():
    """softmax([0, −800]) = [1, 0] exactly. impl/: CCE gives [−1/(1 − 1e-7), 0], softmax maps it
    to S(g − g·S) = [0, 0], and the fused S − y is [0, 0]. The notes: 0/0 = NaN, then NaN rows."""
    logits, label = np.array([[0.0, -800.0]]), np.array([0])
    softmax = impl.Activation_Softmax()
    s = softmax.forward(logits)
    np.testing.assert_array_equal(s, [[1.0, 0.0]])
    d_loss = _backward(impl.Loss_CategoricalCrossentropy, s, label)
    np.testing.assert_allclose(d_loss, [[-1 / (1 - 1e-7), 0.0]], rtol=1e-15)
    np.testing.assert_array_equal(softmax.backward(d_loss), [[0.0, 0.0]])
    fused = impl.Activation_Softmax_Loss_CategoricalCrossentropy()
    fused.forward(logits, label)
    np.testing.assert_array_equal(fused.backward(fused.output, label), [[0.0, 0.0]])
    original = notes.Activation_Softmax()
    original.forward(logits)
    with np.errstate(divide="ignore", invalid="ignore"):
        original.backward(_backward(notes.Loss_CategoricalCrossentropy, original.output, label))
    assert np.isnan(original.dinput).all()


def test_fused_backward_with_unnormalised_soft_labels():
    """S = ½: (S·Σy − y)/2 is [[0, 0], [−⅛, ⅛]] for label sums 2 and ½, not (S − y)/2; chaining
    the notes' CCE and softmax backwards gives the same general form."""
    logits, labels = np.zeros((2, 2)), np.array([[1.0, 1.0], [0.5, 0.0]])
    expected = [[0.0, 0.0], [-0.125, 0.125]]
    fused = impl.Activation_Softmax_Loss_CategoricalCrossentropy()
    fused.forward(logits, labels)
    np.testing.assert_allclose(fused.backward(fused.output, labels), expected, rtol=1e-15, atol=1e-17)
    assert not np.allclose((fused.output - labels) / 2, expected)
    softmax = notes.Activation_Softmax()
    softmax.forward(logits)
    softmax.backward(_backward(notes.Loss_CategoricalCrossentropy, softmax.output, labels))
    np.testing.assert_allclose(softmax.dinput, expected, rtol=1e-15, atol=1e-17)


def test_the_empty_batch_is_refused():
    """impl/ raises a ValueError naming the empty batch; the notes' mean of no losses is NaN and
    their one-hot backward an empty array."""
    empty = np.zeros((0, 3))
    for call in (lambda: impl.Loss_CategoricalCrossentropy().forward(empty, np.zeros(0, np.int64)),
                 lambda: impl.Loss_CategoricalCrossentropy().backward(empty, empty),
                 lambda: impl.Activation_Softmax().forward(empty),
                 lambda: _dense(impl).forward(empty)):
        with pytest.raises(ValueError, match="empty batch"):
            call()
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"), np.errstate(invalid="ignore"):
        assert np.isnan(np.mean(notes.Loss_CategoricalCrossentropy().forward(empty, empty)))
    assert _backward(notes.Loss_CategoricalCrossentropy, empty, empty).shape == (0, 3)


def test_one_class_column_labels_are_sparse():
    """c = 1: impl/ reads (n, 1) as class indices, so [[0], [0]] gives −1/(n·clip(1)) and the
    one-hot [[1], [1]] is out of range; the notes read (n, 1) as one-hot."""
    y_pred = np.ones((2, 1))
    dinput = _backward(impl.Loss_CategoricalCrossentropy, y_pred, np.zeros((2, 1), np.int64))
    np.testing.assert_allclose(dinput, [[-1 / (2 * (1 - 1e-7))]] * 2, rtol=1e-15)
    with pytest.raises(ValueError, match=r"class indices in \[0, 0\]"):
        _backward(impl.Loss_CategoricalCrossentropy, y_pred, np.ones((2, 1), np.int64))
    original = _backward(notes.Loss_CategoricalCrossentropy, y_pred, np.ones((2, 1), np.int64))
    np.testing.assert_array_equal(original, [[-0.5], [-0.5]])


def test_promotion_is_the_same_under_numpy_1_and_2():
    """NEP 50 changes scalar promotion only: the array paths agree under NumPy 1.26 and 2.x
    (−uint8 wraps, 1 − uint8 stays uint8). A caller's float32 × np.float64 scalar is float32
    under 1.x and float64 under 2.x, and the backward's dtype follows it."""
    labels = np.array([[1, 0]], dtype=np.uint8)
    assert (-labels).tolist() == [[255, 0]] and (1 - labels).dtype == np.uint8
    y_pred = np.array([[0.5, 0.5]], dtype=np.float32)
    wrapped = _backward(notes.Loss_CategoricalCrossentropy, y_pred, labels)
    assert wrapped.dtype == np.float32 and wrapped.tolist() == [[510.0, 0.0]]  # 255/0.5
    right = _backward(impl.Loss_CategoricalCrossentropy, y_pred, labels)
    assert right.dtype == np.float32 and right.tolist() == [[-2.0, 0.0]]
    dvalue = np.ones((1, 2), dtype=np.float32) * np.float64(2)
    assert dvalue.dtype == (np.float64 if NUMPY_2 else np.float32)
    softmax = impl.Activation_Softmax()
    softmax.forward(np.zeros((1, 2), dtype=np.float32))
    assert softmax.backward(dvalue).dtype == dvalue.dtype
