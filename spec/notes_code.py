"""The notes' code, transcribed literally, pitfalls included; importable as a target.

Every code fragment of the notes (section 二、代码 of spec/backpropagation-notes.md) is copied here with
only the OCR spacing fixed (`self. output = np. dot(...)` → `self.output = np.dot(...)`,
`y pred` → `y_pred`) and the Chinese comments shortened into English. The methods the notes leave
out are completed minimally in the notes' style; each docstring says which is which:

- "literal: notes §…" — the notes' own code; sections are the numbered parts of 二、代码
  (§一 Dense Layer, §二 ReLu, §三 CCE, §四 Softmax and §六 BCE, whose headings the OCR lost,
  §五 Sigmoid);
- "completion: not in the notes; written in the notes' style".

Deliberately kept pitfalls (this module is the specification of what the notes' code *does*):
CCE backward computes `-label / y_pred` with no clip and no dtype conversion (uint8 one-hot labels
wrap to 255, bool labels raise TypeError) and reads every 2-D label array, sparse (n, 1)
included, as one-hot; softmax backward allocates with `np.empty_like(dvalue)`, so an integer
dvalue truncates the gradient; the ReLU mask is `input < 0`, passing the gradient at exactly 0.
The notes have no fused softmax + CCE class, so there is none here. tests/spec/test_notes_document.py
checks that every statement of the notes' code is here, in the notes' order.
"""

import numpy as np


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        """completion: not in the notes; written in the notes' style (0.01·randn, zero bias)."""
        self.weight = 0.01 * np.random.randn(n_inputs, n_neurons)  # noqa: NPY002
        self.bias = np.zeros((1, n_neurons))

    def forward(self, input):
        """literal: notes §一 Dense Layer, forward."""
        # backward is added: d output / d input is self.weight and d output / d self.weight is
        # the input, so forward must keep self.input
        self.input = input  # self.input is new compared with the earlier version of the code
        self.output = np.dot(input, self.weight) + self.bias

    def backward(self, dvalue):
        """literal: notes §一 Dense Layer, 实现 backward."""
        # dvalue is d loss / d input of the next layer (the activation), i.e. d loss / d output
        # of this layer (chain rule). Here we want d loss / d self.weight, the direction in
        # which self.weight is optimised (negative gradient direction).
        # self.dweight must have the shape of self.weight, for w -= lr * dw:
        # one sample, input 1xa, weight axb, output 1xb; loss is a scalar, so dvalue has the
        # shape of output (1xb), and dweight is (1xa).T * (1xb) = axb, the shape of weight.
        # Note: with several samples (a matrix input), dweight is the sum of several axb matrices.
        self.dweight = np.dot(self.input.T, dvalue)
        # d loss / d self.input, which becomes the dvalue of the previous layer's backward;
        # dinput has the shape of input (1xa), dvalue is 1xb, weight is axb: 1xa = (1xb) * (axb).T
        self.dinput = np.dot(dvalue, self.weight.T)
        # like dinput, dbias could be a matrix product:
        # self.dbias = np.dot(dvalue, np.ones((len(self.bias), len(self.bias))))
        # but there is a faster and simpler way
        self.dbias = np.sum(dvalue, axis=0, keepdims=True)  # keepdims=True is optional here,
        # since summing over axis 0 still gives a row vector [it gives shape (b,) then; it
        # still broadcasts against the (1, b) bias]


class Activation_ReLU:
    def forward(self, input):
        """completion: not in the notes; written in the notes' style."""
        self.input = input
        self.output = np.maximum(0, input)

    def backward(self, dvalue):
        """literal: notes §二 ReLu."""
        # self.input and self.output have the same shape,
        # so dinput has the shape of doutput, i.e. of dvalue;
        # a mask is faster than matrix arithmetic
        self.dinput = dvalue.copy()
        self.dinput[self.input < 0] = 0


class Activation_Softmax:
    def forward(self, input):
        """completion: not in the notes; written in the notes' style (row-max shift)."""
        self.input = input
        exp_value = np.exp(input - np.max(input, axis=1, keepdims=True))
        self.output = exp_value / np.sum(exp_value, axis=1, keepdims=True)

    def backward(self, dvalue):
        """literal: notes §四 Softmax (heading lost in the OCR), backward."""
        # input and output are both 1xa; loss is a scalar, so dinput and doutput (dvalue) are
        # both 1xa; d output / d input is an axa square matrix
        # an empty matrix of the same size
        self.dinput = np.empty_like(dvalue)
        # loop over each sample (each row)
        for each, (single_output, single_dvalue) in enumerate(zip(self.output, dvalue)):
            # (1xa) * (axa) = 1xa, a row vector; first turn the 1xa vector into a 1xa matrix,
            # because a vector has no transpose (.T leaves it unchanged); np.dot re-orients a
            # vector it receives and still returns a vector, while for a 1xa matrix the shapes
            # must match or it raises, and the result is a matrix
            single_output = single_output.reshape(1, -1)
            jacobian_matrix = np.diagflat(single_output) - np.dot(single_output.T, single_output)
            # single_dvalue is a vector, so np.dot(single_dvalue, jacobian_matrix) and
            # np.dot(jacobian_matrix, single_dvalue) both give a row vector, computed differently
            # and with different values [the Jacobian is symmetric: they agree];
            # np.dot(jacobian_matrix, single_dvalue) is the right one
            self.dinput[each] = np.dot(jacobian_matrix, single_dvalue)


class Activation_Sigmoid:
    def forward(self, input):
        """completion: not in the notes; written in the notes' style."""
        self.input = input
        self.output = 1 / (1 + np.exp(-input))

    def backward(self, dvalue):
        """literal: notes §五 Sigmoid."""
        # matrix arithmetic would work too, but dinput, dvalue and output have the same shape,
        # so multiply element by element
        self.dinput = dvalue * self.output * (1 - self.output)


class Loss_CategoricalCrossentropy:
    def forward(self, y_pred, y_true):
        """completion: not in the notes; written in the notes' style.

        Per-sample losses L_i = −Σ_j y_ij log ŷ_ij (the notes' §三 formula) on the clipped
        prediction; 1-D labels index the true class, 2-D labels are one-hot or soft."""
        n_sample = len(y_pred)
        y_pred_clip = np.clip(y_pred, 1e-7, 1 - 1e-7)
        if len(y_true.shape) == 1:  # only the class index
            return -np.log(y_pred_clip[range(n_sample), y_true])
        elif len(y_true.shape) == 2:  # one-hot labels
            return -np.sum(y_true * np.log(y_pred_clip), axis=1)

    def backward(self, y_pred, y_true):
        """literal: notes §三 Categorical Cross-Entropy loss."""
        n_sample = len(y_true)
        if len(y_true.shape) == 2:  # labels are one-hot encoded
            label = y_true
        elif len(y_true.shape) == 1:  # only the class index
            # turn the labels into one-hot
            label = np.zeros((n_sample, len(y_pred[0])))
            label[range(n_sample), y_true] = 1
        self.dinput = - label / y_pred
        # divide each sample by n_sample, because optimisation sums over the samples
        self.dinput = self.dinput / n_sample


class Loss_BinaryCrossentropy:
    def forward(self, y_pred, y_true):
        """completion: not in the notes; written in the notes' style.

        Per-sample losses L_i = (1/J) Σ_j L_ij (the notes' BCE formulas) on the clipped
        prediction, with (n,) labels reshaped to (n, 1) as the backward does."""
        if len(y_true.shape) == 1:
            y_true = y_true.reshape(-1, 1)
        y_pred_clip = np.clip(y_pred, 1e-7, 1 - 1e-7)
        loss = -(y_true * np.log(y_pred_clip) + (1 - y_true) * np.log(1 - y_pred_clip))
        return np.mean(loss, axis=-1)

    def backward(self, y_pred, y_true):
        """literal: notes §六 Binary Cross-Entropy (heading lost in the OCR), backward."""
        # number of samples
        n_sample = len(y_true)
        # number of binary outputs
        n_output = len(y_pred[0])
        # take special care here, the book does not spell it out:
        # with one pair of binary classes y_pred is (n_sample, 1) but y_true is (n_sample,);
        # (n_sample,) broadcasts like (n_sample, 1), only (n_sample,) cannot be transposed,
        # so the loss below would become (n_sample, n_sample)
        # with two pairs of binary classes y_pred and y_true are both (n_sample, 2)
        if len(y_true.shape) == 1:  # y_true is a row vector
            y_true = y_true.reshape(-1, 1)
        # note: BinaryCrossentropy always follows a Sigmoid, which easily outputs 0 and 1,
        # so 1e-7 is the left bound; and so as not to move confidences towards 1,
        # even by a very small amount, the right bound is 1 - 1e-7
        y_pred_clip = np.clip(y_pred, 1e-7, 1 - 1e-7)
        # never write it as below: -y_true binds first, and y_true is uint8, so -1 => 255;
        # this bug took me a long time to find, take it seriously
        # [the notes' line lacks its opening parenthesis; restored here]
        # self.dinput = (-y_true / y_pred_clip + (1 - y_true) / (1 - y_pred_clip)) / n_output
        self.dinput = -(y_true / y_pred_clip - (1 - y_true) / (1 - y_pred_clip)) / n_output
        # divide each sample by n_sample, because optimisation sums over the samples
        self.dinput = self.dinput / n_sample
