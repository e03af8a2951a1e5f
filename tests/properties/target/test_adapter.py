"""The adapter's calls for the book's layers beyond the notes (properties/target/adapter.py) on impl/:
the input classes each argument meets (regularisation terms, Dropout's mode, regression label
shapes and MAE's kink), the Dropout mask read back, both forms of the regularisation loss, and
the replay naming a layer passed as an argument."""

from __future__ import annotations

import sys
import types

import numpy as np
import pytest

from backprop_spec import impl
from backprop_spec.properties.inputs import classify as classes
from backprop_spec.properties.target.adapter import Adapter
from backprop_spec.properties.target.discovery import discover
from backprop_spec.properties.target.model import Target, open_target

W = np.array([[0.5, -1.0], [0.0, 2.0]])
B = np.array([[0.0, -0.25]])
X = np.array([[1.0, 2.0], [3.0, -1.0]])


@pytest.fixture
def adapter() -> Adapter:
    found = Adapter(open_target("backprop_spec.impl"))
    found.new_example()
    return found


def test_each_regularisation_term_is_its_own_class_and_zeros_under_l1_the_kink(adapter: Adapter) -> None:
    adapter.dense(W, B, X, np.ones((2, 2)), regularizers={"weight_l2": 0.1, "bias_l1": 0.0})
    assert classes.seen() == {"weight_l2"}
    adapter.new_example()
    adapter.dense(W, B, X, np.ones((2, 2)), regularizers={"weight_l1": 0.1})
    assert classes.seen() == {"weight_l1", "l1_kink"}  # W[1, 0] is exactly 0


def test_regression_labels_meet_their_shape_dtype_and_the_mae_kink(adapter: Adapter) -> None:
    adapter.loss_backward("mse", np.array([[1.0], [2.0]]), np.array([1, 0]))
    assert classes.seen() == {"flat_regression", "integer_labels"}
    adapter.new_example()
    adapter.loss_backward("mae", np.array([[1.0], [2.0]]), np.array([[1.0], [0.0]]))
    assert classes.seen() == {"mae_kink"}


def test_dropout_returns_the_mask_it_drew_and_inference_is_a_class(adapter: Adapter) -> None:
    x = np.arange(1.0, 9.0).reshape(2, 4)
    result = adapter.dropout(x, np.full((2, 4), 2.0), rate=0.5)
    assert result.mask is not None and set(np.unique(result.mask)) <= {0.0, 2.0}
    np.testing.assert_array_equal(result.output, x * result.mask)
    np.testing.assert_array_equal(result.dinput, 2.0 * result.mask)
    assert classes.seen() == set()
    inference = adapter.dropout(x, rate=0.5, training=False)
    np.testing.assert_array_equal(inference.output, x)
    assert classes.seen() == {"dropout_inference"}


def test_the_regularisation_loss_is_read_in_both_of_the_books_forms(adapter: Adapter) -> None:
    strengths = {"weight_l1": 0.5, "weight_l2": 0.25, "bias_l1": 2.0, "bias_l2": 1.0}
    expected = 0.5 * 3.5 + 0.25 * 5.25 + 2.0 * 0.25 + 1.0 * 0.0625  # Σ|W|, ΣW², Σ|b|, Σb² by hand
    assert adapter.regularization_loss(W, B, strengths) == pytest.approx(expected, rel=1e-15)
    call = next(e for e in adapter.target.log if e.kind == "call")
    assert (call.name, repr(call.args)) == ("regularization_loss", "(obj0,)")  # replayed as the layer

    class Loss_MeanSquaredError(impl.Loss_MeanSquaredError):
        def remember_trainable_layers(self, layers):
            self.trainable_layers = layers

        def regularization_loss(self):  # the book's later form, over every trainable layer
            return sum(impl.Loss.regularization_loss(self, layer) for layer in self.trainable_layers)

    module = types.ModuleType("later_form")
    sys.modules[module.__name__] = module
    Loss_MeanSquaredError.__module__ = module.__name__
    module.Loss_MeanSquaredError, module.Layer_Dense = Loss_MeanSquaredError, impl.Layer_Dense
    later = Adapter(Target(module, "later_form", discover(module)))
    later.new_example()
    assert later.regularization_loss(W, B, strengths) == pytest.approx(expected, rel=1e-15)
