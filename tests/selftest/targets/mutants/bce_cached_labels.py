"""BCE reshapes and casts the labels to (n, k) floats once, on the first forward or backward,
and reuses them for every later call of the same object: the second batch's loss and gradient
are computed against the first batch's labels.

Caught by: invariants, the reuse property only (forward and backward of one object per batch:
the second batch's losses are wrong; a batch of another size broadcasts or raises). Survives
every check that builds a fresh loss per call, and batches whose labels equal the first's."""

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Loss_BinaryCrossentropy(base.Loss_BinaryCrossentropy):
    def _label(self, y_pred, y_true):
        if not hasattr(self, "labels"):
            self.labels = super()._label(y_pred, y_true)
        return self.labels
