"""CCE, BCE and the fused softmax + CCE on hand-worked examples, for every label encoding
(notes §三 and the BCE section). Labels of any dtype must give the float-label result."""

import numpy as np
import pytest

from backprop_spec.impl import (
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Loss_BinaryCrossentropy,
    Loss_CategoricalCrossentropy,
)

Y_PRED = np.array([[0.5, 0.25, 0.25], [0.125, 0.125, 0.75]])
# sample 0 is class 0, sample 1 is class 2: losses ln 2 and ln(4/3);
# dinput = −y/ŷ/n: −1/(0.5·2) = −1 and −1/(0.75·2) = −2/3
CCE_LOSSES = [np.log(2.0), np.log(4.0 / 3.0)]
CCE_DINPUT = [[-1.0, 0.0, 0.0], [0.0, 0.0, -2.0 / 3.0]]
SPARSE = [0, 2]
ONE_HOT = [[1, 0, 0], [0, 0, 1]]

LABEL_ENCODINGS = [
    *(np.array(SPARSE, dtype=t) for t in (np.uint8, np.int8, np.int32, np.int64, np.uint64)),
    np.array(SPARSE, dtype=np.uint8).reshape(2, 1),  # sparse shaped (n, 1) stays sparse
    np.array([0.0, 2.0]),  # float class indices with integral values
    *(np.array(ONE_HOT, dtype=t) for t in (bool, np.uint8, np.int16, np.float32, np.float64)),
    [[1, 0, 0], [0, 0, 1]],  # a plain list
]


@pytest.mark.parametrize("labels", LABEL_ENCODINGS, ids=lambda a: f"{np.shape(a)}-{np.asarray(a).dtype}")
def test_cce_every_label_encoding_gives_the_float_result(labels):
    loss = Loss_CategoricalCrossentropy()
    np.testing.assert_allclose(loss.forward(Y_PRED, labels), CCE_LOSSES, rtol=1e-15)
    np.testing.assert_allclose(loss.backward(Y_PRED, labels), CCE_DINPUT, rtol=1e-15)
    assert loss.dinput.dtype == np.float64


def test_cce_soft_labels_use_minus_sum_y_log_yhat():
    soft = np.array([[0.5, 0.5, 0.0], [0.25, 0.25, 1.0]])  # second row sums to 1.5: allowed
    loss = Loss_CategoricalCrossentropy()
    # row 0: −(½ ln ½ + ½ ln ¼) = 1.5 ln 2; row 1: −(¼ ln ⅛ + ¼ ln ⅛ + ln ¾) = 1.5 ln 2 + ln(4/3)
    np.testing.assert_allclose(
        loss.forward(Y_PRED, soft), [1.5 * np.log(2), 1.5 * np.log(2) + np.log(4 / 3)], rtol=1e-15)
    expected = -soft / Y_PRED / 2
    np.testing.assert_allclose(loss.backward(Y_PRED, soft), expected, rtol=1e-15)


def test_cce_clips_predictions_of_exactly_zero_and_one():
    loss = Loss_CategoricalCrossentropy()
    y_pred = np.array([[0.0, 1.0]])
    np.testing.assert_allclose(loss.forward(y_pred, np.array([0])), [-np.log(1e-7)], rtol=1e-15)
    # the upper bound is the float64 number fl(1 − 1e-7), 5e-10 relative away from 1 − 1e-7 in
    # the log's result, so the expected value is taken at that float
    np.testing.assert_allclose(loss.forward(y_pred, np.array([1])), [-np.log(1 - 1e-7)], rtol=1e-15)
    # backward at the clipped prediction: −1/1e-7, finite; the label-0 column is exactly 0, no 0/0
    np.testing.assert_allclose(loss.backward(y_pred, np.array([0])), [[-1e7, 0.0]], rtol=1e-15)


def test_cce_float32_stays_float32():
    loss = Loss_CategoricalCrossentropy()
    pred = Y_PRED.astype(np.float32)
    assert loss.forward(pred, np.array(SPARSE)).dtype == np.float32
    assert loss.backward(pred, np.array(ONE_HOT, dtype=np.uint8)).dtype == np.float32


BCE_PRED = np.array([[0.5], [0.25], [0.75]])
# −ln ½, −ln(1 − ¼) = ln(4/3), −ln ¾ = ln(4/3); dinput = −(y/ŷ − (1−y)/(1−ŷ))/k/n with n = 3
BCE_LOSSES = [np.log(2), np.log(4 / 3), np.log(4 / 3)]
BCE_DINPUT = [[-2 / 3], [(1 / 0.75) / 3], [-(1 / 0.75) / 3]]


@pytest.mark.parametrize("shape", [(3,), (3, 1)])
@pytest.mark.parametrize("dtype", [bool, np.uint8, np.int64, np.float32, np.float64])
def test_bce_labels_n_and_n1_of_any_dtype_agree(shape, dtype):
    labels = np.array([1, 0, 1], dtype=dtype).reshape(shape)
    loss = Loss_BinaryCrossentropy()
    np.testing.assert_allclose(loss.forward(BCE_PRED, labels), BCE_LOSSES, rtol=1e-15)
    np.testing.assert_allclose(loss.backward(BCE_PRED, labels), BCE_DINPUT, rtol=1e-15)
    assert loss.dinput.shape == (3, 1)


def test_bce_several_outputs_average_over_k():
    pred = np.array([[0.5, 0.25]])
    labels = np.array([[1, 1]], dtype=np.uint8)
    loss = Loss_BinaryCrossentropy()
    np.testing.assert_allclose(loss.forward(pred, labels), [(np.log(2) + np.log(4)) / 2], rtol=1e-15)
    np.testing.assert_allclose(loss.backward(pred, labels), [[-2 / 2, -4 / 2]], rtol=1e-15)


def test_bce_backward_is_finite_at_exactly_zero_and_one():
    loss = Loss_BinaryCrossentropy()
    grad = loss.backward(np.array([[0.0, 1.0, 0.0, 1.0]]), np.array([[1, 0, 0, 1]]))
    # at the clip bounds: −1/1e-7 and +1/1e-7 over k = 4; the label-matched ones −1/(1−1e-7)/4 etc.
    expected = [[-1e7 / 4, 1e7 / 4, 1 / (1 - 1e-7) / 4, -1 / (1 - 1e-7) / 4]]
    np.testing.assert_allclose(grad, expected, rtol=1e-9)
    assert np.isfinite(loss.forward(np.array([[0.0, 1.0]]), np.array([[1, 0]]))).all()


def test_fused_softmax_cce_forward_and_backward_by_hand():
    fused = Activation_Softmax_Loss_CategoricalCrossentropy()
    logits = np.log(np.array([[1.0, 1.0, 2.0], [1.0, 3.0, 4.0]]))  # softmax rows ¼¼½ and ⅛⅜½
    loss = fused.forward(logits, np.array([2, 1], dtype=np.uint8))
    np.testing.assert_allclose(loss, (np.log(2) + np.log(8 / 3)) / 2, rtol=1e-15)
    np.testing.assert_allclose(fused.output, [[0.25, 0.25, 0.5], [0.125, 0.375, 0.5]], rtol=1e-15)
    expected = np.array([[0.25, 0.25, -0.5], [0.125, -0.625, 0.5]]) / 2
    for labels in ([2, 1], [[0, 0, 1], [0, 1, 0]], np.array([[0, 0, 1], [0, 1, 0]], dtype=bool)):
        np.testing.assert_allclose(fused.backward(fused.output, np.asarray(labels)), expected, rtol=1e-15)


def test_fused_backward_uses_the_general_form_for_rows_not_summing_to_one():
    s = np.array([[0.25, 0.75]])
    labels = np.array([[1.0, 1.0]])  # Σy = 2: gradient (2S − y)/n = (−½, ½)
    fused = Activation_Softmax_Loss_CategoricalCrossentropy()
    np.testing.assert_allclose(fused.backward(s, labels), [[-0.5, 0.5]], rtol=1e-15)


def test_fused_backward_does_not_modify_y_pred():
    s = np.array([[0.25, 0.75]])
    Activation_Softmax_Loss_CategoricalCrossentropy().backward(s, np.array([1]))
    np.testing.assert_array_equal(s, [[0.25, 0.75]])
