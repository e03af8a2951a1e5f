"""Layer_Dense on hand-worked examples (notes §二): output = xW + b, dW = xᵀg, db = Σg, dx = gWᵀ."""

import numpy as np
import pytest

from backprop_spec.impl import Layer_Dense


def make_layer(dtype=np.float64):
    layer = Layer_Dense(2, 3)
    layer.weight = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], dtype=dtype)
    layer.bias = np.array([[0.5, -1.0, 2.0]], dtype=dtype)
    return layer


X = np.array([[1.0, 0.0], [2.0, -1.0]])
G = np.array([[1.0, 0.0, -1.0], [2.0, 1.0, 0.0]])


def test_forward_is_x_times_w_plus_b():
    # row 0: [1, 2, 3] + b; row 1: 2·[1,2,3] − [4,5,6] = [−2, −1, 0], + b
    expected = np.array([[1.5, 1.0, 5.0], [-1.5, -2.0, 2.0]])
    np.testing.assert_array_equal(make_layer().forward(X), expected)


def test_backward_gives_the_three_gradients_by_hand():
    layer = make_layer()
    layer.forward(X)
    layer.backward(G)
    # dW = Xᵀ G: column 0 of X is (1, 2), column 1 is (0, −1)
    np.testing.assert_array_equal(layer.dweight, [[5.0, 2.0, -1.0], [-2.0, -1.0, 0.0]])
    np.testing.assert_array_equal(layer.dbias, [[3.0, 1.0, -1.0]])
    # dX = G Wᵀ: row 0 = (1·1 − 1·3, 1·4 − 1·6) = (−2, −2); row 1 = (2 + 2, 8 + 5) = (4, 13)
    np.testing.assert_array_equal(layer.dinput, [[-2.0, -2.0], [4.0, 13.0]])


def test_shapes_follow_the_notes():
    layer = Layer_Dense(4, 7)
    assert layer.weight.shape == (4, 7)
    assert layer.bias.shape == (1, 7)
    out = layer.forward(np.ones((5, 4)))
    layer.backward(np.ones_like(out))
    assert (out.shape, layer.dweight.shape, layer.dbias.shape, layer.dinput.shape) == (
        (5, 7), (4, 7), (1, 7), (5, 4))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_is_preserved(dtype):
    layer = Layer_Dense(2, 3)
    out = layer.forward(X.astype(dtype))
    layer.backward(G.astype(dtype))
    assert {a.dtype for a in (out, layer.dweight, layer.dbias, layer.dinput)} == {np.dtype(dtype)}


def test_integer_input_runs_in_float64():
    layer = make_layer()
    out = layer.forward(np.array([[1, 0], [2, -1]], dtype=np.int32))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [[1.5, 1.0, 5.0], [-1.5, -2.0, 2.0]])


def test_arguments_are_not_modified():
    layer = make_layer()
    x, g = X.copy(), G.copy()
    x.flags.writeable = g.flags.writeable = False
    layer.forward(x)
    layer.backward(g)
    np.testing.assert_array_equal(x, X)
    np.testing.assert_array_equal(g, G)


def test_non_contiguous_input_gives_the_same_result():
    strided = np.zeros((2, 4))
    strided[:, ::2] = X
    layer = make_layer()
    np.testing.assert_array_equal(layer.forward(strided[:, ::2]), make_layer().forward(X))
