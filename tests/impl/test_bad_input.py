"""Every bad input named in the foundation issue gets a ValueError or TypeError that names the
argument and says what was expected and what was got — and the arguments stay untouched."""

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
)

P = np.array([[0.5, 0.25, 0.25], [0.125, 0.125, 0.75]])
P1 = np.array([[0.5, 0.5], [0.25, 0.75]])  # two outputs, for BCE


def dense_forward(x):
    return Layer_Dense(3, 2).forward(x)


def dense_backward(dvalue):
    layer = Layer_Dense(3, 2)
    layer.forward(np.ones((4, 3)))
    return layer.backward(dvalue)


def activation_backward(cls, dvalue):
    layer = cls()
    layer.forward(np.ones((2, 3)))
    return layer.backward(dvalue)


CCE, BCE = Loss_CategoricalCrossentropy(), Loss_BinaryCrossentropy()
MSE, MAE = Loss_MeanSquaredError(), Loss_MeanAbsoluteError()


def dropout_backward(dvalue):
    layer = Layer_Dropout(0.5, seed=0)
    layer.forward(np.ones((2, 3)))
    return layer.backward(dvalue)


class StrengthsOnly:
    """Has the four regularizer attributes but no parameters."""

    weight_regularizer_l1 = weight_regularizer_l2 = bias_regularizer_l1 = bias_regularizer_l2 = 0.0
FUSED = Activation_Softmax_Loss_CategoricalCrossentropy()

# (id, call, arguments, exception, fragments the message must contain)
CASES = [
    ("dense 1-D input", dense_forward, (np.ones(3),), ValueError, ["input", "2-D", "(3,)"]),
    ("dense 3-D input", dense_forward, (np.ones((2, 3, 1)),), ValueError, ["input", "(2, 3, 1)"]),
    ("dense feature count", dense_forward, (np.ones((4, 5)),), ValueError, ["input", "3", "(4, 5)"]),
    ("dense empty batch", dense_forward, (np.ones((0, 3)),), ValueError, ["input", "empty"]),
    ("dense string dtype", dense_forward, (np.full((1, 3), "a"),), TypeError, ["input", "<U1"]),
    ("dense object dtype", dense_forward, (np.full((1, 3), None),), TypeError, ["input", "object"]),
    ("dense complex dtype", dense_forward, (np.ones((1, 3), complex),), TypeError,
     ["input", "complex"]),
    ("dense ragged list", dense_forward, ([[1.0, 2.0, 3.0], [1.0]],), TypeError, ["input"]),
    ("dense gradient shape", dense_backward, (np.ones((4, 3)),), ValueError,
     ["dvalue", "(4, 2)", "(4, 3)"]),
    ("dense gradient batch", dense_backward, (np.ones((5, 2)),), ValueError,
     ["dvalue", "(4, 2)", "(5, 2)"]),
    ("dense backward first", lambda: Layer_Dense(2, 2).backward(np.ones((1, 2))), (), ValueError,
     ["backward", "before forward"]),
    ("dense zero neurons", lambda: Layer_Dense(2, 0), (), ValueError, ["n_neurons", "0"]),
    ("dense float size", lambda: Layer_Dense(2.5, 3), (), TypeError, ["n_inputs", "2.5"]),
    *((f"{cls.__name__} backward first", lambda cls=cls: cls().backward(np.ones((1, 2))), (),
       ValueError, ["backward", "before forward"]) for cls in (Activation_ReLU, Activation_Softmax,
                                                               Activation_Sigmoid)),
    *((f"{cls.__name__} gradient shape", lambda g, cls=cls: activation_backward(cls, g),
       (np.ones((2, 2)),), ValueError, ["dvalue", "(2, 3)", "(2, 2)"])
      for cls in (Activation_ReLU, Activation_Softmax, Activation_Sigmoid)),
    ("softmax 1-D logits", Activation_Softmax().forward, (np.ones(3),), ValueError,
     ["input", "2-D", "reshape(1, -1)"]),
    ("softmax inf logits", Activation_Softmax().forward, (np.array([[np.inf, 0.0]]),), ValueError,
     ["input", "finite"]),
    ("sigmoid bool input", Activation_Sigmoid().forward, (np.ones((1, 2), bool),), TypeError,
     ["input", "bool"]),
    ("cce sparse out of range", CCE.backward, (P, np.array([0, 3])), ValueError,
     ["y_true", "[0, 2]", "3"]),
    ("cce sparse negative", CCE.backward, (P, np.array([-1, 0])), ValueError, ["y_true", "-1"]),
    ("cce sparse non-integer", CCE.forward, (P, np.array([0.5, 1.0])), ValueError,
     ["y_true", "non-integer"]),
    ("cce sparse nan", CCE.forward, (P, np.array([np.nan, 1.0])), ValueError, ["y_true"]),
    ("cce sparse batch", CCE.forward, (P, np.array([0, 1, 2])), ValueError, ["y_true", "2", "(3,)"]),
    ("cce one-hot width", CCE.backward, (P, np.eye(2)), ValueError, ["y_true", "width 3", "(2, 2)"]),
    ("cce one-hot batch", CCE.backward, (P, np.eye(3)), ValueError, ["y_true", "(3, 3)"]),
    ("cce 3-D labels", CCE.backward, (P, np.ones((2, 3, 1))), ValueError, ["y_true", "(2, 3, 1)"]),
    ("cce labels above 1", CCE.forward, (P, np.array([[2, 0, 0], [0, 0, 1]])), ValueError,
     ["y_true", "[0, 1]", "2"]),
    ("cce string labels", CCE.forward, (P, np.array(["a", "b"])), TypeError, ["y_true", "<U1"]),
    ("cce logits as y_pred", CCE.forward, (np.array([[2.0, -1.0]]), np.array([0])), ValueError,
     ["y_pred", "[0, 1]", "logits"]),
    ("cce nan y_pred", CCE.backward, (np.array([[np.nan, 0.5]]), np.array([0])), ValueError,
     ["y_pred", "nan"]),
    ("cce 1-D y_pred", CCE.forward, (np.array([0.5, 0.5]), np.array([0])), ValueError,
     ["y_pred", "2-D"]),
    ("cce empty batch", CCE.forward, (np.ones((0, 3)), np.array([], int)), ValueError,
     ["y_pred", "empty"]),
    ("bce labels above 1", BCE.backward, (P1, np.array([[2, 0], [0, 1]])), ValueError,
     ["y_true", "[0, 1]", "2"]),
    ("bce negative labels", BCE.forward, (P1, np.array([[-1, 0], [0, 1]])), ValueError,
     ["y_true", "[0, 1]", "-1"]),
    ("bce (n,) labels for two outputs", BCE.backward, (P1, np.array([1, 0])), ValueError,
     ["y_true", "(2, 2)", "(2,)"]),
    ("bce batch mismatch", BCE.forward, (P1[:, :1], np.array([1, 0, 1])), ValueError,
     ["y_true", "(2, 1)", "(3,)"]),
    ("bce logits as y_pred", BCE.forward, (np.array([[3.0]]), np.array([1])), ValueError,
     ["y_pred", "logits"]),
    ("fused sparse out of range", FUSED.backward, (P, np.array([0, 5])), ValueError,
     ["y_true", "[0, 2]"]),
    ("fused logits 1-D", FUSED.forward, (np.ones(3), np.array([0])), ValueError, ["input", "2-D"]),
    # the book's layers beyond the notes
    ("linear 1-D input", Activation_Linear().forward, (np.ones(3),), ValueError, ["input", "2-D"]),
    ("linear backward first", lambda: Activation_Linear().backward(np.ones((1, 2))), (), ValueError,
     ["backward", "before forward"]),
    ("linear gradient shape", lambda g: activation_backward(Activation_Linear, g), (np.ones((2, 2)),),
     ValueError, ["dvalue", "(2, 3)", "(2, 2)"]),
    *((f"{name} (n,) labels for two outputs", loss.backward, (P1, np.array([1.0, 0.0])), ValueError,
       ["y_true", "(2, 2)", "(2,)"]) for name, loss in (("mse", MSE), ("mae", MAE))),
    *((f"{name} batch mismatch", loss.forward, (P1[:, :1], np.array([1.0, 0.0, 1.0])), ValueError,
       ["y_true", "(2, 1)", "(3,)"]) for name, loss in (("mse", MSE), ("mae", MAE))),
    *((f"{name} (n, 2) labels for one output", loss.forward, (P1[:, :1], P1), ValueError,
       ["y_true", "(2, 1) or (2,)", "(2, 2)"]) for name, loss in (("mse", MSE), ("mae", MAE))),
    ("mse string labels", MSE.forward, (P1, np.array([["a", "b"], ["c", "d"]])), TypeError,
     ["y_true", "<U1"]),
    ("mae complex labels", MAE.backward, (P1, np.ones((2, 2), complex)), TypeError,
     ["y_true", "complex"]),
    ("mse nan prediction", MSE.backward, (np.array([[np.nan], [1.0]]), np.array([1.0, 0.0])),
     ValueError, ["y_pred", "finite"]),
    ("mae inf label", MAE.forward, (P1, np.array([[np.inf, 0.0], [0.0, 1.0]])), ValueError,
     ["y_true", "finite"]),
    ("mse 1-D y_pred", MSE.forward, (np.array([0.5, 0.5]), np.array([1.0, 0.0])), ValueError,
     ["y_pred", "2-D"]),
    ("mae empty batch", MAE.forward, (np.ones((0, 1)), np.ones(0)), ValueError, ["y_pred", "empty"]),
    ("dropout rate 1", lambda: Layer_Dropout(1.0), (), ValueError, ["rate", "[0, 1)", "1.0"]),
    ("dropout negative rate", lambda: Layer_Dropout(-0.1), (), ValueError, ["rate", "-0.1"]),
    ("dropout nan rate", lambda: Layer_Dropout(float("nan")), (), ValueError, ["rate", "nan"]),
    ("dropout string rate", lambda: Layer_Dropout("0.5"), (), TypeError, ["rate", "str", "'0.5'"]),
    ("dropout bool rate", lambda: Layer_Dropout(True), (), TypeError, ["rate", "bool"]),
    ("dropout training flag", lambda x: Layer_Dropout(0.5).forward(x, training="no"), (np.ones((1, 2)),),
     TypeError, ["training", "bool", "str"]),
    ("dropout 1-D input", Layer_Dropout(0.5).forward, (np.ones(3),), ValueError, ["input", "2-D"]),
    ("dropout backward first", lambda: Layer_Dropout(0.5).backward(np.ones((1, 2))), (), ValueError,
     ["backward", "before forward", "binary_mask"]),
    ("dropout gradient shape", dropout_backward, (np.ones((3, 2)),), ValueError,
     ["dvalue", "(2, 3)", "(3, 2)"]),
    ("dense negative l2", lambda: Layer_Dense(2, 2, weight_regularizer_l2=-1e-4), (), ValueError,
     ["weight_regularizer_l2", "≥ 0", "-0.0001"]),
    ("dense inf l1", lambda: Layer_Dense(2, 2, bias_regularizer_l1=float("inf")), (), ValueError,
     ["bias_regularizer_l1", "finite", "inf"]),
    ("dense bool l1", lambda: Layer_Dense(2, 2, weight_regularizer_l1=True), (), TypeError,
     ["weight_regularizer_l1", "bool"]),
    ("dense string l2", lambda: Layer_Dense(2, 2, bias_regularizer_l2="0.1"), (), TypeError,
     ["bias_regularizer_l2", "str"]),
    ("regularization loss of a non-layer", lambda: Loss().regularization_loss(object()), (), TypeError,
     ["layer", "weight_regularizer_l1", "bias_regularizer_l2", "object"]),
    ("regularization loss without weight", lambda: Loss().regularization_loss(StrengthsOnly()), (),
     TypeError, ["layer", "weight", "StrengthsOnly"]),
]


@pytest.mark.parametrize("call, args, error, fragments", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_bad_input_gets_a_clear_error_and_arguments_stay_untouched(call, args, error, fragments):
    before = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
    with pytest.raises(error) as raised:
        call(*args)
    assert type(raised.value) is error  # not a subclass such as numpy's AxisError or IndexError
    message = str(raised.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} missing from {message!r}"
    assert "broadcast" not in message
    for original, arg in zip(before, args):
        if isinstance(arg, np.ndarray):
            np.testing.assert_array_equal(arg, original)


def test_read_only_arguments_are_accepted_everywhere():
    arrays = [np.array([[0.5, 0.25, 0.25]]), np.array([0], np.uint8), np.array([[1, 0, 0]], bool)]
    for array in arrays:
        array.flags.writeable = False
    for loss in (CCE, FUSED):
        loss.backward(arrays[0], arrays[1])
        loss.backward(arrays[0], arrays[2])
    BCE.backward(arrays[0], np.ones((1, 3)))
