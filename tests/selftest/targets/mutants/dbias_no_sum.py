"""Dense backward sets dbias = dvalue, forgetting the sum over the batch.

Caught by: gradients (dbias has shape (n, b), not (1, b)). Survives n = 1 exactly."""


from tests.selftest.targets import correct_notes_style as base
from tests.selftest.targets.correct_notes_style import *  # noqa: F403


class Layer_Dense(base.Layer_Dense):
    def backward(self, dvalue):
        dvalue = base._floats(dvalue)
        self.dweight = self.input.T @ dvalue
        self.dbias = dvalue
        self.dinput = dvalue @ self.weight.T
