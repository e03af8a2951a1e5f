"""ReLU, Softmax and Sigmoid on hand-worked examples (notes §二 ReLu, Softmax, §五 Sigmoid)."""

import numpy as np
import pytest

from backprop_spec.impl import (
    Activation_ReLU,
    Activation_Sigmoid,
    Activation_Softmax,
    softmax_backward_per_sample,
)

LN2 = np.log(2.0)


def test_relu_forward_and_the_notes_mask_that_passes_at_zero():
    relu = Activation_ReLU()
    np.testing.assert_array_equal(relu.forward(np.array([[-2.0, 0.0, 3.0]])), [[0.0, 0.0, 3.0]])
    relu.backward(np.array([[5.0, 6.0, 7.0]]))
    # mask input < 0: blocked at −2, passed at exactly 0 (the notes' choice) and at 3
    np.testing.assert_array_equal(relu.dinput, [[0.0, 6.0, 7.0]])


def test_relu_backward_does_not_write_into_dvalue():
    relu = Activation_ReLU()
    relu.forward(np.array([[-1.0, 1.0]]))
    dvalue = np.array([[4.0, 4.0]])
    relu.backward(dvalue)
    np.testing.assert_array_equal(dvalue, [[4.0, 4.0]])


def test_softmax_of_zero_and_ln2_is_one_third_two_thirds():
    out = Activation_Softmax().forward(np.array([[0.0, LN2]]))
    np.testing.assert_allclose(out, [[1 / 3, 2 / 3]], rtol=4e-16)


def test_softmax_backward_by_hand():
    # S = (1/3, 2/3), g = (1, 0): Σ g S = 1/3; dinput = S ⊙ (g − 1/3) = (2/9, −2/9)
    softmax = Activation_Softmax()
    softmax.forward(np.array([[0.0, LN2]]))
    softmax.backward(np.array([[1.0, 0.0]]))
    np.testing.assert_allclose(softmax.dinput, [[2 / 9, -2 / 9]], rtol=1e-15)


@pytest.mark.parametrize("dtype, big", [(np.float64, 1e308), (np.float32, 3e38)])
def test_softmax_is_stable_at_the_largest_finite_logits(dtype, big):
    with np.errstate(over="raise", invalid="raise"):
        out = Activation_Softmax().forward(np.array([[big, 0.0, -big]], dtype=dtype))
    np.testing.assert_array_equal(out, [[1.0, 0.0, 0.0]])
    assert out.dtype == dtype


def test_softmax_equal_logits_give_uniform_rows():
    np.testing.assert_allclose(Activation_Softmax().forward(np.full((2, 4), 7.0)), 0.25, rtol=0)


def test_vectorised_backward_equals_the_notes_per_sample_jacobian():
    # both evaluate S_ik(g_ik − Σ_j g_ij S_ij); values by hand for S = (1/2, 1/4, 1/4), g = (0, 4, 0)
    s = np.array([[0.5, 0.25, 0.25]])
    g = np.array([[0.0, 4.0, 0.0]])
    expected = [[0.5 * (0 - 1), 0.25 * (4 - 1), 0.25 * (0 - 1)]]
    np.testing.assert_allclose(softmax_backward_per_sample(s, g), expected, rtol=1e-15)
    softmax = Activation_Softmax()
    softmax.forward(np.log(s))
    softmax.backward(g)
    np.testing.assert_allclose(softmax.dinput, expected, rtol=1e-15)


def test_per_sample_reference_does_not_truncate_integer_dvalue():
    out = softmax_backward_per_sample(np.array([[0.5, 0.5]]), np.array([[1, 0]]))
    np.testing.assert_array_equal(out, [[0.25, -0.25]])


def test_sigmoid_at_zero_and_its_derivative_one_quarter():
    sigmoid = Activation_Sigmoid()
    np.testing.assert_array_equal(sigmoid.forward(np.array([[0.0]])), [[0.5]])
    sigmoid.backward(np.array([[2.0]]))
    np.testing.assert_array_equal(sigmoid.dinput, [[0.5]])  # 2 · ½ · ½


def test_sigmoid_at_ln3_is_three_quarters():
    np.testing.assert_allclose(Activation_Sigmoid().forward(np.array([[np.log(3.0), -np.log(3.0)]])),
                               [[0.75, 0.25]], rtol=2e-16)


def test_sigmoid_saturates_without_overflow_warnings():
    with np.errstate(over="raise", invalid="raise"):  # underflow to 0 is the right answer
        out = Activation_Sigmoid().forward(np.array([[-1000.0, 1000.0]]))
    np.testing.assert_array_equal(out, [[0.0, 1.0]])


@pytest.mark.parametrize("cls", [Activation_ReLU, Activation_Softmax, Activation_Sigmoid])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_activation_dtype_is_preserved(cls, dtype):
    layer = cls()
    out = layer.forward(np.array([[0.5, -1.0]], dtype=dtype))
    layer.backward(np.ones((1, 2), dtype=dtype))
    assert (out.dtype, layer.dinput.dtype) == (dtype, dtype)
