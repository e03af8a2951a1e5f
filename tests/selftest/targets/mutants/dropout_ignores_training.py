"""Dropout takes a training flag but drops in inference too.

Caught by: pitfalls (training=False must be the identity). Survives rate 0 and every call in
training."""

from tests.selftest.targets import correct_book_style as base
from tests.selftest.targets.correct_book_style import *  # noqa: F403


class Layer_Dropout(base.Layer_Dropout):
    def forward(self, inputs, training):
        super().forward(inputs, True)
