"""One test per entry of spec/edge_cases_book.py: impl/'s behaviour on the edge cases of the book's
layers beyond the notes. Expected values are worked out by hand from the formulas in the comments."""

import numpy as np
import pytest

from backprop_spec import impl

X = np.array([[1.0, -2.0, 3.0, 0.5], [4.0, 0.25, -1.0, 2.0]])


def test_linear_copies_in_both_directions():
    """y = x and dinput = dvalue, each a fresh array: writing into them leaves the caller's intact."""
    layer = impl.Activation_Linear()
    x, dvalue = np.array([[1.0, -2.0]]), np.array([[3.0, 4.0]])
    output, dinput = layer.forward(x), layer.backward(dvalue)
    np.testing.assert_array_equal(output, [[1.0, -2.0]])
    np.testing.assert_array_equal(dinput, [[3.0, 4.0]])
    assert not np.shares_memory(output, x) and not np.shares_memory(dinput, dvalue)
    output[0, 0] = dinput[0, 0] = 99.0
    np.testing.assert_array_equal(x, [[1.0, -2.0]])
    np.testing.assert_array_equal(dvalue, [[3.0, 4.0]])


@pytest.mark.parametrize(("loss_class", "expected"), [
    # MSE: −2(y − ŷ)/J/n with n = 2: −2(0.5)/2 = −0.5, −2(−2)/2 = 2
    (impl.Loss_MeanSquaredError, [[-0.5], [2.0]]),
    # MAE: sign(ŷ − y)/J/n: sign(−0.5)/2, sign(2)/2
    (impl.Loss_MeanAbsoluteError, [[-0.5], [0.5]]),
])
def test_regression_flat_and_column_labels_agree(loss_class, expected):
    """(n,) labels are (n, 1) for one output, never an (n, n) broadcast; refused for two outputs."""
    y_pred = np.array([[0.5], [2.0]])
    flat = loss_class().backward(y_pred, np.array([1.0, 0.0]))
    column = loss_class().backward(y_pred, np.array([[1.0], [0.0]]))
    np.testing.assert_array_equal(flat, column)
    np.testing.assert_allclose(column, expected, rtol=1e-15)
    assert loss_class().forward(y_pred, np.array([1.0, 0.0])).shape == (2,)
    with pytest.raises(ValueError, match=r"\(2, 2\).*got \(2,\)"):
        loss_class().backward(np.ones((2, 2)), np.array([1.0, 0.0]))


def test_regression_integer_labels_keep_the_prediction_dtype():
    """int64 labels are converted to ŷ's float32 first; y − ŷ unconverted would be float64."""
    y_pred, labels = np.array([[0.5], [2.0]], dtype=np.float32), np.array([1, 0])
    mse = impl.Loss_MeanSquaredError().backward(y_pred, labels)
    mae = impl.Loss_MeanAbsoluteError().backward(y_pred, labels)
    assert mse.dtype == mae.dtype == np.float32
    np.testing.assert_array_equal(mse, [[-0.5], [2.0]])  # exact in float32
    np.testing.assert_array_equal(mae, [[-0.5], [0.5]])
    assert (labels.reshape(2, 1) - y_pred).dtype == np.float64


def test_mae_at_equal_prediction_is_a_zero_subgradient():
    """At ŷ₀ = y₀ the one-sided slopes of the mean loss are ∓1/(J·n) = ∓1/2 and impl/ takes
    sign(0) = 0 between them; the other entry is sign(2 − 3)/2 = −1/2."""
    loss = impl.Loss_MeanAbsoluteError()
    y_pred, labels = np.array([[1.0, 2.0]]), np.array([[1.0, 3.0]])
    np.testing.assert_array_equal(loss.backward(y_pred, labels), [[0.0, -0.5]])
    step = 2.0 ** -10  # exact in binary, so the differences are exact

    def mean_loss(shift):
        return float(np.mean(loss.forward(y_pred + np.array([[shift, 0.0]]), labels)))

    left = (mean_loss(0) - mean_loss(-step)) / step
    right = (mean_loss(step) - mean_loss(0)) / step
    assert (left, right) == (-0.5, 0.5)
    assert left <= loss.dinput[0, 0] <= right


def test_mae_backward_descends_where_the_books_line_climbs():
    """ŷ = 0, y = 1: loss 1, gradient −sign(1)/1 = −1; a step of 0.25 gives ŷ = 0.25, loss 0.75.
    The book's sign(y − ŷ) = +1 moves ŷ to −0.25: loss 1.25."""
    loss = impl.Loss_MeanAbsoluteError()
    y_pred, labels = np.array([[0.0]]), np.array([[1.0]])
    gradient = loss.backward(y_pred, labels)
    np.testing.assert_array_equal(gradient, [[-1.0]])
    books = np.sign(labels - y_pred)  # the book's line, J = n = 1
    np.testing.assert_array_equal(books, -gradient)
    assert loss.forward(y_pred - 0.25 * gradient, labels)[0] == 0.75
    assert loss.forward(y_pred - 0.25 * books, labels)[0] == 1.25


def test_dropout_of_rate_zero_is_the_identity():
    """Keep probability 1: every Bernoulli(1) draw is 1 and the scale 1/1, so mask = ones."""
    layer = impl.Layer_Dropout(0.0, seed=0)
    assert layer.rate == 1.0
    np.testing.assert_array_equal(layer.forward(X), X)
    np.testing.assert_array_equal(layer.binary_mask, np.ones(X.shape))
    np.testing.assert_array_equal(layer.backward(np.full(X.shape, 2.0)), np.full(X.shape, 2.0))


def test_dropout_in_inference_is_the_identity():
    """training=False: a copy of the input, mask all ones, the backward passes dvalue; the flag
    must be a bool (1 would be read as True by the book's `if not training`)."""
    layer = impl.Layer_Dropout(0.5, seed=0)
    layer.forward(X)  # a training forward first: its mask must not be reused after inference
    output = layer.forward(X, training=False)
    np.testing.assert_array_equal(output, X)
    assert not np.shares_memory(output, X)
    np.testing.assert_array_equal(layer.binary_mask, np.ones(X.shape))
    np.testing.assert_array_equal(layer.backward(np.full(X.shape, 2.0)), np.full(X.shape, 2.0))
    assert impl.Layer_Dropout(0.5).forward(X, training=np.False_).tolist() == X.tolist()
    with pytest.raises(TypeError, match="training: expected a bool; got int 1"):
        layer.forward(X, training=1)


def test_dropout_backward_reuses_the_forward_mask():
    """On ones the output is the mask, entries 0 or 1/q = 2; backward(ones) is that same mask,
    every time until the next forward, which draws anew; the same seed draws the same mask."""
    layer = impl.Layer_Dropout(0.5, seed=3)
    ones = np.ones((4, 50))
    first_mask = layer.forward(ones).copy()
    assert set(np.unique(first_mask)) == {0.0, 2.0}
    np.testing.assert_array_equal(layer.binary_mask, first_mask)
    np.testing.assert_array_equal(layer.backward(ones), first_mask)
    np.testing.assert_array_equal(layer.backward(3 * ones), 3 * first_mask)
    second_mask = layer.forward(ones).copy()
    assert not np.array_equal(second_mask, first_mask)  # 2⁻²⁰⁰ chance of equal draws
    np.testing.assert_array_equal(layer.backward(ones), second_mask)
    np.testing.assert_array_equal(impl.Layer_Dropout(0.5, seed=3).forward(ones), first_mask)


def test_l1_at_zero_takes_the_books_plus_lambda():
    """dvalue 0 leaves only the penalty: λ₁·sign_book(w) = 0.5·(+1 at 0, −1 at −1), and the zero
    bias gives +λ₁ᵇ = 0.25 — inside the subgradient intervals [−λ, λ]."""
    layer = impl.Layer_Dense(2, 1, weight_regularizer_l1=0.5, bias_regularizer_l1=0.25)
    layer.weight = np.array([[0.0], [-1.0]])
    layer.forward(np.ones((1, 2)))
    layer.backward(np.zeros((1, 1)))
    np.testing.assert_array_equal(layer.dweight, [[0.5], [-0.5]])
    np.testing.assert_array_equal(layer.dbias, [[0.25]])
