"""Calling a conformance target's classes directly, in either naming (the notes' `weight`,
`dinput`; the book's `weights`, `dinputs`, `forward(inputs, training)`), for example-based
tests that do not go through the property suite's adapter."""

import inspect
import math

import numpy as np

FUSED = "Activation_Softmax_Loss_CategoricalCrossentropy"
LN2 = math.log(2)


def ro(values, dtype=np.float64):
    """A read-only array: any target writing into its arguments raises."""
    array = np.array(values, dtype=dtype)
    array.flags.writeable = False
    return array


def grad(obj):
    return obj.dinput if hasattr(obj, "dinput") else obj.dinputs


def forward(obj, *args):
    if "training" in inspect.signature(obj.forward).parameters:
        return obj.forward(*args, training=False)
    return obj.forward(*args)


def dense(mod, weight, bias, x, dvalue):
    """(output, dinput, dweight, dbias) of mod.Layer_Dense with these parameters."""
    layer = mod.Layer_Dense(*np.shape(weight))
    book = hasattr(layer, "weights")
    setattr(layer, "weights" if book else "weight", weight)
    setattr(layer, "biases" if book else "bias", bias)
    forward(layer, x)
    layer.backward(dvalue)
    if book:
        return layer.output, layer.dinputs, layer.dweights, layer.dbiases
    return layer.output, layer.dinput, layer.dweight, layer.dbias


def act(mod, name, x, dvalue):
    """(output, dinput) of the activation `name` (ReLU, Softmax, Sigmoid)."""
    layer = getattr(mod, f"Activation_{name}")()
    forward(layer, x)
    layer.backward(dvalue)
    return layer.output, grad(layer)


def loss(mod, name, y_pred, y_true):
    """(per-sample losses, dinput) of loss `name` (CategoricalCrossentropy, BinaryCrossentropy)."""
    fwd, bwd = getattr(mod, f"Loss_{name}")(), getattr(mod, f"Loss_{name}")()
    losses = fwd.forward(y_pred, y_true)
    bwd.backward(y_pred, y_true)
    return losses, grad(bwd)


def fused_backward(mod, y_pred, y_true):
    layer = getattr(mod, FUSED)()
    layer.backward(y_pred, y_true)
    return grad(layer)


def cce_uint8_dinput(mod):
    """CCE dinput for the uint8 one-hot row [0, 1] at ŷ = [0.5, 0.5]: [[0, −2]], or 510 where
    −label wraps in uint8."""
    return loss(mod, "CategoricalCrossentropy", ro([[0.5, 0.5]]), ro([[0, 1]], np.uint8))[1]


def dbias_of_two_rows(mod):
    """dbias of a Dense layer for the two dvalue rows [1, 1] and [3, 4]: their sum, [4, 5]."""
    return dense(mod, ro([[1, 2]]), ro([[0, 0]]), ro([[1], [2]]), ro([[1, 1], [3, 4]]))[3]


def through_one_object(name, run, *batches):
    """A probe: what `run(obj, *batch)` returned for each batch (read-only arrays), read after the
    last, all through ONE object of class `name` (Dense 1×1; its dweight does not depend on the
    random weights): stale state shows in a later result, or in an earlier one overwritten."""
    def probe(mod):
        obj = getattr(mod, name)(*((1, 1) if name == "Layer_Dense" else ()))
        return tuple(run(obj, *(ro(a) for a in batch)) for batch in batches)
    return probe


def backward_after_forward(obj, x, dvalue):
    """dinput of forward(x) then backward(dvalue) on obj."""
    forward(obj, x)
    obj.backward(dvalue)
    return grad(obj)


def dweight_after_forward(obj, x, dvalue):
    backward_after_forward(obj, x, dvalue)
    return obj.dweight if hasattr(obj, "dweight") else obj.dweights


def loss_backward(obj, y_pred, y_true):
    obj.backward(y_pred, y_true)
    return grad(obj)
