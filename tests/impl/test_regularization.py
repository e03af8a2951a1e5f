"""L1/L2 regularisation in Layer_Dense and Loss.regularization_loss (the book, ch. 14), by hand:
dweight = Xᵀg + λ₁·sign(W) + 2λ₂·W, dbias = Σg + λ₁ᵇ·sign(b) + 2λ₂ᵇ·b (sign 1 at 0, as the
book), penalty λ₁Σ|W| + λ₂ΣW² + λ₁ᵇΣ|b| + λ₂ᵇΣb²."""

import numpy as np
import pytest

from backprop_spec.impl import (
    Layer_Dense,
    Loss,
    Loss_BinaryCrossentropy,
    Loss_CategoricalCrossentropy,
    Loss_MeanAbsoluteError,
    Loss_MeanSquaredError,
)

W = np.array([[1.0, -2.0], [0.5, 0.0]])
B = np.array([[-1.0, 3.0]])
X = np.array([[1.0, 2.0]])
G = np.array([[1.0, -1.0]])
DATA_DWEIGHT = X.T @ G  # [[1, −1], [2, −2]]
STRENGTHS = {"weight_regularizer_l1": 0.5, "weight_regularizer_l2": 0.25,
             "bias_regularizer_l1": 0.125, "bias_regularizer_l2": 2.0}


def _layer(**strengths):
    layer = Layer_Dense(2, 2, **strengths)
    layer.weight, layer.bias = W.copy(), B.copy()
    layer.forward(X)
    layer.backward(G)
    return layer


def test_without_strengths_the_gradient_is_dense_alone():
    layer = _layer()
    np.testing.assert_array_equal(layer.dweight, DATA_DWEIGHT)
    np.testing.assert_array_equal(layer.dbias, G)


@pytest.mark.parametrize(("strength", "dweight", "dbias"), [
    # λ₁·sign(W), sign(0) = +1: 0.5·[[1, −1], [1, 1]]
    ("weight_regularizer_l1", DATA_DWEIGHT + 0.5 * np.array([[1.0, -1.0], [1.0, 1.0]]), G),
    # 2λ₂·W = 0.5·W
    ("weight_regularizer_l2", DATA_DWEIGHT + 0.5 * W, G),
    # λ₁ᵇ·sign(b) = 0.125·(−1, 1)
    ("bias_regularizer_l1", DATA_DWEIGHT, G + np.array([[-0.125, 0.125]])),
    # 2λ₂ᵇ·b = 4·b
    ("bias_regularizer_l2", DATA_DWEIGHT, G + 4 * B),
])
def test_each_strength_adds_its_own_term(strength, dweight, dbias):
    """Each term alone, so a bias term computed from the weights (or the reverse) shows."""
    layer = _layer(**{strength: STRENGTHS[strength]})
    np.testing.assert_allclose(layer.dweight, dweight, rtol=1e-15)
    np.testing.assert_allclose(layer.dbias, dbias, rtol=1e-15)
    np.testing.assert_array_equal(layer.dinput, G @ W.T)  # the penalty leaves dinput alone


def test_all_strengths_together_and_the_penalty():
    layer = _layer(**STRENGTHS)
    sign_w = np.array([[1.0, -1.0], [1.0, 1.0]])
    np.testing.assert_allclose(layer.dweight, DATA_DWEIGHT + 0.5 * sign_w + 0.5 * W, rtol=1e-15)
    np.testing.assert_allclose(layer.dbias, G + 0.125 * np.sign(B) + 4 * B, rtol=1e-15)
    # 0.5·3.5 + 0.25·5.25 + 0.125·4 + 2·10
    expected = 1.75 + 1.3125 + 0.5 + 20.0
    for loss in (Loss(), Loss_CategoricalCrossentropy(), Loss_BinaryCrossentropy(),
                 Loss_MeanSquaredError(), Loss_MeanAbsoluteError()):
        assert loss.regularization_loss(layer) == expected


@pytest.mark.parametrize("strength", list(STRENGTHS))
def test_each_penalty_term_reads_its_own_parameter(strength):
    layer = _layer(**{strength: STRENGTHS[strength]})
    expected = {"weight_regularizer_l1": 0.5 * 3.5, "weight_regularizer_l2": 0.25 * 5.25,
                "bias_regularizer_l1": 0.125 * 4.0, "bias_regularizer_l2": 2.0 * 10.0}[strength]
    assert Loss().regularization_loss(layer) == expected


def test_no_strength_no_penalty():
    assert Loss().regularization_loss(_layer()) == 0.0


def test_strengths_set_after_construction_are_used_and_checked():
    """The book's users set layer.weight_regularizer_l2 = … on a built layer."""
    layer = Layer_Dense(2, 2)
    layer.weight, layer.bias = W.copy(), B.copy()
    layer.weight_regularizer_l2 = 0.5
    layer.forward(X)
    layer.backward(G)
    np.testing.assert_allclose(layer.dweight, DATA_DWEIGHT + W, rtol=1e-15)  # 2·0.5·W
    layer.bias_regularizer_l1 = -1.0
    with pytest.raises(ValueError, match=r"bias_regularizer_l1: expected a finite real .* got -1\.0"):
        layer.backward(G)
    with pytest.raises(ValueError, match="bias_regularizer_l1"):
        Loss().regularization_loss(layer)


def test_float32_stays_float32_with_a_one_dimensional_bias():
    layer = Layer_Dense(2, 2, **STRENGTHS)
    layer.weight, layer.bias = W.astype(np.float32), B[0].astype(np.float32)  # bias (b,) is allowed
    layer.forward(X.astype(np.float32))
    layer.backward(G.astype(np.float32))
    assert layer.dweight.dtype == layer.dbias.dtype == np.float32
    assert layer.dbias.shape == (1, 2)
    np.testing.assert_allclose(layer.dbias, G + 0.125 * np.sign(B) + 4 * B, rtol=1e-7)


def test_parameters_are_not_modified():
    layer = _layer(**STRENGTHS)
    np.testing.assert_array_equal(layer.weight, W)
    np.testing.assert_array_equal(layer.bias, B)


def test_numpy_scalars_are_accepted_as_strengths():
    layer = _layer(weight_regularizer_l2=np.float32(0.5), bias_regularizer_l2=np.int64(1))
    np.testing.assert_allclose(layer.dweight, DATA_DWEIGHT + W, rtol=1e-15)
    np.testing.assert_allclose(layer.dbias, G + 2 * B, rtol=1e-15)
