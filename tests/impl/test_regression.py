"""Activation_Linear, Loss_MeanSquaredError and Loss_MeanAbsoluteError (the book, ch. 17) on
hand-worked examples: y = x; MSE (1/J)Σ(y − ŷ)², gradient −2(y − ŷ)/J/n; MAE (1/J)Σ|y − ŷ|,
gradient −sign(y − ŷ)/J/n."""

import numpy as np
import pytest

from backprop_spec.impl import Activation_Linear, Loss_MeanAbsoluteError, Loss_MeanSquaredError

# n = 2 samples, J = 2 outputs; y − ŷ = [[1, −2], [0.5, 0]]
Y_PRED = np.array([[1.0, 3.0], [-0.5, 2.0]])
Y = np.array([[2.0, 1.0], [0.0, 2.0]])
MSE_LOSSES = [(1 + 4) / 2, 0.25 / 2]
MSE_DINPUT = [[-2 * 1 / 4, -2 * -2 / 4], [-2 * 0.5 / 4, 0.0]]  # −2(y − ŷ)/(J·n), J·n = 4
MAE_LOSSES = [(1 + 2) / 2, 0.5 / 2]
MAE_DINPUT = [[-0.25, 0.25], [-0.25, 0.0]]  # −sign(y − ŷ)/4; sign(0) = 0


def test_linear_forward_and_backward_are_the_identity():
    layer = Activation_Linear()
    np.testing.assert_array_equal(layer.forward(Y_PRED), Y_PRED)
    np.testing.assert_array_equal(layer.backward(Y), Y)
    assert layer.dinput.dtype == np.float64


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_linear_keeps_float_dtypes_and_makes_integers_float(dtype):
    layer = Activation_Linear()
    assert layer.forward(Y_PRED.astype(dtype)).dtype == dtype
    assert layer.backward(Y.astype(dtype)).dtype == dtype
    assert layer.backward(np.ones((2, 2), dtype=np.int32)).dtype == np.float64
    np.testing.assert_array_equal(Activation_Linear().forward(np.array([[1, -2]])), [[1.0, -2.0]])


@pytest.mark.parametrize(("loss_class", "losses", "dinput"), [
    (Loss_MeanSquaredError, MSE_LOSSES, MSE_DINPUT),
    (Loss_MeanAbsoluteError, MAE_LOSSES, MAE_DINPUT),
], ids=["mse", "mae"])
def test_regression_losses_by_hand(loss_class, losses, dinput):
    loss = loss_class()
    np.testing.assert_allclose(loss.forward(Y_PRED, Y), losses, rtol=1e-15)
    np.testing.assert_allclose(loss.backward(Y_PRED, Y), dinput, rtol=1e-15)
    assert loss.dinput is not None and loss.dinput.shape == Y.shape


def test_mse_scales_with_outputs_and_samples_separately():
    """One output, three samples: −2(y − ŷ)/3 with y − ŷ = (3, −1, 0)."""
    y_pred, y = np.array([[0.0], [1.0], [5.0]]), np.array([3, 0, 5])
    loss = Loss_MeanSquaredError()
    np.testing.assert_allclose(loss.forward(y_pred, y), [9.0, 1.0, 0.0], rtol=1e-15)
    np.testing.assert_allclose(loss.backward(y_pred, y), [[-2.0], [2 / 3], [0.0]], rtol=1e-15)


def test_mae_gradient_is_minus_sign_of_y_minus_prediction():
    """Three outputs, one sample: sign(ŷ − y)/3 = (1, −1, 0)/3 — the book's sign(y − ŷ) negated."""
    y_pred, y = np.array([[2.0, -1.0, 4.0]]), np.array([[1.0, 1.0, 4.0]])
    np.testing.assert_allclose(Loss_MeanAbsoluteError().backward(y_pred, y), [[1 / 3, -1 / 3, 0.0]],
                               rtol=1e-15)
    np.testing.assert_allclose(Loss_MeanAbsoluteError().forward(y_pred, y), [1.0], rtol=1e-15)


@pytest.mark.parametrize("loss_class", [Loss_MeanSquaredError, Loss_MeanAbsoluteError])
def test_float32_stays_float32_and_arguments_stay_untouched(loss_class):
    y_pred, y = Y_PRED.astype(np.float32), Y.copy()
    y_pred.flags.writeable = y.flags.writeable = False
    loss = loss_class()
    assert loss.forward(y_pred, y).dtype == np.float32
    assert loss.backward(y_pred, y).dtype == np.float32
    np.testing.assert_array_equal(y_pred, Y_PRED.astype(np.float32))
    np.testing.assert_array_equal(y, Y)
