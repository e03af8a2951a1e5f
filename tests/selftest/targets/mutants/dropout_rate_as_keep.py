"""Dropout keeps each entry with probability `rate` (the drop fraction read as the keep
probability, the book's `self.rate = 1 - rate` left out), scaling by 1/rate.

Caught by: invariants (the kept fraction of a large array) and gradients (a kept entry of
output/input is 1/rate, not 1/(1 − rate)). Survives rate 0.5."""


from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dropout(base.Layer_Dropout):
    def __init__(self, rate):
        super().__init__(rate)
        self.rate = rate

    def forward(self, inputs, training):
        super().forward(inputs, training)
        if training:
            self.output = inputs * self.binary_mask
