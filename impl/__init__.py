"""impl/: the NumPy implementation of the notes' layers, activations and losses.

Imports numpy only; nothing else in the project may be imported from here.
"""

from impl.activations import (
    Activation_ReLU,
    Activation_Sigmoid,
    Activation_Softmax,
    softmax_backward_per_sample,
)
from impl.dense import Layer_Dense
from impl.losses import (
    Activation_Softmax_Loss_CategoricalCrossentropy,
    Loss_BinaryCrossentropy,
    Loss_CategoricalCrossentropy,
)

__all__ = [
    "Activation_ReLU",
    "Activation_Sigmoid",
    "Activation_Softmax",
    "Activation_Softmax_Loss_CategoricalCrossentropy",
    "Layer_Dense",
    "Loss_BinaryCrossentropy",
    "Loss_CategoricalCrossentropy",
    "softmax_backward_per_sample",
]
