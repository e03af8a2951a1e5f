"""BCE forward clips the caller's predictions in place (`np.clip(y_pred, …, out=y_pred)`), to
spare an allocation per batch.

Caught by: purity (predictions of exactly 0 or 1, or just past the clip bounds, come back moved
to 1e-7 or 1 − 1e-7; a read-only y_pred raises ValueError). Every loss and gradient is right;
survives writeable predictions inside [1e-7, 1 − 1e-7], where the clip writes back the same
values, and any caller that calls backward alone."""

import numpy as np

from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Loss_BinaryCrossentropy(base.Loss_BinaryCrossentropy):
    def forward(self, y_pred, y_true):
        y_pred = base._floats(y_pred)
        y_pred_clip = np.clip(y_pred, base.CLIP, 1 - base.CLIP, out=y_pred)
        y = self._label(y_pred_clip, y_true)
        loss = -(y * np.log(y_pred_clip) + (1 - y) * np.log(1 - y_pred_clip))
        return np.mean(loss, axis=-1)
