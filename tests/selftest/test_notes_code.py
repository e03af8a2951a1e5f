"""spec/notes_code.py, the notes' literal code, as a target: right on float labels and
dvalues, and showing each of the notes' pitfalls on a hand-computed input."""

import math

import numpy as np
import pytest

import backprop_spec.spec.notes_code as notes
from tests.selftest.calls import FUSED, LN2, act, cce_uint8_dinput, dbias_of_two_rows, loss, ro

CCE, BCE = "CategoricalCrossentropy", "BinaryCrossentropy"


def test_notes_code_is_right_on_float_labels_and_dvalues():
    for y_true in (ro([[0.0, 1.0]]), ro([1], np.int64)):  # −ln 0.5; −y/ŷ/n
        losses, dinput = loss(notes, CCE, ro([[0.5, 0.5]]), y_true)
        np.testing.assert_allclose(losses, [LN2])
        np.testing.assert_allclose(dinput, [[0.0, -2.0]])
    for y_true in (ro([1, 0]), ro([[1], [0]]), ro([1, 0], np.uint8), ro([1, 0], bool)):
        # the literal BCE line is safe for uint8 and bool labels; (n,) is reshaped to (n, 1)
        np.testing.assert_allclose(loss(notes, BCE, ro([[0.8], [0.4]]), y_true)[1],
                                   [[-0.625], [1 / 1.2]])
    np.testing.assert_allclose(act(notes, "Softmax", ro([[0.0, LN2]]), ro([[1.0, 0.0]]))[1],
                               [[2 / 9, -2 / 9]])
    np.testing.assert_array_equal(act(notes, "ReLU", ro([[-1.0, 0.0]]), ro([[5.0, 5.0]]))[1],
                                  [[0.0, 5.0]])  # mask input < 0: passes at exactly 0
    assert dbias_of_two_rows(notes).shape == (1, 2)
    assert not hasattr(notes, FUSED)


def test_notes_cce_backward_wraps_uint8_one_hot_and_refuses_bool():
    # −label on uint8 [0, 1] is [0, 255]: dinput = 255/0.5/1 = 510, with the wrong sign
    np.testing.assert_array_equal(cce_uint8_dinput(notes), [[0.0, 510.0]])
    with pytest.raises(TypeError):  # numpy refuses unary minus on bool
        loss(notes, CCE, ro([[0.5, 0.5]]), ro([[False, True]], bool))


def test_notes_cce_reads_n1_sparse_labels_as_one_hot():
    # the column [1, 0] broadcasts as label weights: row 0 gets −1/ŷ/2 everywhere, row 1 nothing
    y_pred = ro([[0.25, 0.75], [0.5, 0.5]])
    losses, dinput = loss(notes, CCE, y_pred, ro([[1], [0]], np.int64))
    np.testing.assert_allclose(losses, [-math.log(0.25) - math.log(0.75), 0.0])
    np.testing.assert_allclose(dinput, [[-2.0, -2 / 3], [0.0, 0.0]])


def test_notes_softmax_backward_truncates_an_integer_dvalue():
    # np.empty_like(int dvalue) is an int array: [2/9, −2/9] is stored as [0, 0]
    dinput = act(notes, "Softmax", ro([[0.0, LN2]]), ro([[1, 0]], np.int64))[1]
    assert dinput.dtype.kind == "i"
    np.testing.assert_array_equal(dinput, [[0, 0]])


def test_notes_cce_backward_neither_clips_nor_keeps_float32():
    with np.errstate(divide="ignore"):  # −1/0: no clip in the literal backward
        assert loss(notes, CCE, ro([[1.0, 0.0]]), ro([1], np.int64))[1][0, 1] == -np.inf
    # sparse labels go through np.zeros(...) (float64): float32 predictions give float64
    assert loss(notes, CCE, ro([[0.5, 0.5]], np.float32), ro([1], np.int64))[1].dtype == np.float64
