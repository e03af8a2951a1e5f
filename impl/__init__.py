"""impl/: the NumPy implementation of the notes' layers, activations and losses, and of the book's
layers beyond the notes (Linear, MSE, MAE, Dropout, L1/L2 regularisation).

Imports numpy only; nothing else in the project may be imported from here.
"""

from backprop_spec.impl.activations import (
    Activation_ReLU,
    Activation_Sigmoid,
    Activation_Softmax,
    softmax_backward_per_sample,
)
from backprop_spec.impl.dense import Layer_Dense
from backprop_spec.impl.dropout import Layer_Dropout
from backprop_spec.impl.losses import (
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Loss_BinaryCrossentropy,
    Loss_CategoricalCrossentropy,
)
from backprop_spec.impl.regression import Activation_Linear, Loss_MeanAbsoluteError, Loss_MeanSquaredError
from backprop_spec.impl.regularization import Loss

__all__ = [
    "Activation_Linear",
    "Activation_ReLU",
    "Activation_Sigmoid",
    "Activation_Softmax",
    "Activation_Softmax_Loss_CategoricalCrossentropy",
    "Layer_Dense",
    "Layer_Dropout",
    "Loss",
    "Loss_BinaryCrossentropy",
    "Loss_CategoricalCrossentropy",
    "Loss_MeanAbsoluteError",
    "Loss_MeanSquaredError",
    "softmax_backward_per_sample",
]
