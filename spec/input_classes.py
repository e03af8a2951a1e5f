"""The input classes a diagnosis names: what "ordinary inputs" are, and each kind of input beyond
them that breaks hand-written layers (the edge cases below and in SPEC.md), as data. SPEC.md
renders them (its "Input classes" section); properties/ recognises and switches them off."""

from __future__ import annotations

from dataclasses import dataclass

ORDINARY = ("float64 values of moderate size (|x| ≤ 50); hard labels as float one-hot rows or "
            "int64 class indices shaped (n,), BCE labels as float 0/1 (n, k); n ≥ 2 samples and "
            "c ≥ 2 classes; C-contiguous, writeable arrays the caller does not read again; a "
            "float dvalue; predictions inside the clip bounds; ReLU inputs other than exactly 0; "
            "a fresh object for each forward/backward pair; the book's layers beyond the notes: MSE and MAE "
            "labels as float (n, J), MAE predictions other than their labels, Dropout in training, a "
            "Dense with every regularisation strength 0")


@dataclass(frozen=True)
class InputClass:
    """One kind of input beyond the ordinary: its key (as --without takes it), what a learner
    reads in the report, what it is, and the SPEC.md edge cases it shows (their anchors)."""

    key: str
    name: str
    definition: str
    edge_cases: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        """Its own anchor in SPEC.md's "Input classes" section."""
        return f"class-{self.key}"


CLASSES = (
    InputClass("one_sample", "a batch of one sample (n = 1)",
               "every batch argument has a single row: a sum or mean over the batch is the row itself, "
               "so a missing batch sum or mean does not show", ("dense_one_sample_as_vector",)),
    InputClass("one_class", "one class (c = 1)",
               "softmax, CCE and the fused class on a single column: the softmax is 1, its gradient 0, "
               "and (n, 1) labels are ambiguous", ("one_class",)),
    InputClass("float32", "float32 arguments",
               "inputs, parameters, predictions or dvalues of dtype float32", ("dense_float32_kept",)),
    InputClass("unsigned_labels", "unsigned integer labels (uint8 …)",
               "labels of an unsigned dtype: `-y` wraps (uint8 1 becomes 255)",
               ("cce_label_dtypes", "bce_label_dtypes")),
    InputClass("bool_labels", "bool labels",
               "one-hot or binary labels of dtype bool: NumPy refuses `-y` on them",
               ("cce_label_dtypes", "bce_label_dtypes")),
    InputClass("integer_labels", "integer labels other than int64 class indices",
               "class indices of int8–int32, or one-hot / binary rows of a signed integer dtype",
               ("cce_label_dtypes", "bce_label_dtypes")),
    InputClass("sparse_column", "sparse labels shaped (n, 1)",
               "CCE class indices as a column rather than (n,)", ("cce_sparse_column",)),
    InputClass("flat_binary", "BCE labels shaped (n,)",
               "labels for one output as a vector rather than (n, 1)", ("bce_label_shapes",)),
    InputClass("soft_labels", "soft labels",
               "label rows of probabilities other than 0 and 1 (summing to 1 for CCE)",
               ("softmax_cce_soft_labels",)),
    InputClass("unnormalised_labels", "soft labels whose rows do not sum to 1",
               "CCE label rows in [0, 1] with any sum", ("softmax_cce_soft_labels",)),
    InputClass("clip_edges", "predictions at or beyond the clip bounds",
               "CCE or BCE predictions within 1e-7 of 0 or 1, exactly 0 and 1 included",
               ("cce_zero_prediction", "cce_clip_bounds", "bce_clip_bounds")),
    InputClass("extreme_values", "inputs of large magnitude",
               "softmax, sigmoid or fused inputs beyond ±50, up to the dtype's largest: exponentials "
               "overflow or underflow", ("softmax_large_logits", "softmax_underflow",
                                         "sigmoid_saturation", "sigmoid_large_negative")),
    InputClass("kink_inputs", "ReLU inputs of exactly 0",
               "where ReLU has no derivative; any value in [0, 1] is a subgradient", ("relu_at_zero",)),
    InputClass("integer_dvalue", "an integer dvalue",
               "an upstream gradient of an integer dtype", ("softmax_integer_dvalue",)),
    InputClass("layouts", "Fortran, strided or read-only arguments",
               "arrays that are not C-contiguous, or not writeable"),
    InputClass("in_place", "a caller that reads its arrays after the call",
               "arguments the caller uses again: a write into an argument (or into an array the "
               "layer returned earlier) shows"),
    InputClass("flat_regression", "MSE or MAE labels shaped (n,)",
               "regression labels for one output as a vector rather than (n, 1): `y − ŷ` broadcasts to "
               "(n, n)", ("regression_label_shapes",)),
    InputClass("mae_kink", "MAE predictions equal to their labels",
               "where |y − ŷ| has no derivative; any value in [−1, 1]/(J·n) is a subgradient",
               ("mae_at_equal",)),
    InputClass("dropout_inference", "Dropout in inference (training=False)",
               "the forward called with its training flag False: the layer must be the identity",
               ("dropout_inference",)),
    InputClass("weight_l1", "a weight L1 strength > 0",
               "a Dense built with weight_regularizer_l1 > 0: dweight gains λ₁·sign(W)", ("l1_at_zero",)),
    InputClass("weight_l2", "a weight L2 strength > 0",
               "a Dense built with weight_regularizer_l2 > 0: dweight gains 2λ₂·W"),
    InputClass("bias_l1", "a bias L1 strength > 0",
               "a Dense built with bias_regularizer_l1 > 0: dbias gains λ₁ᵇ·sign(b)", ("l1_at_zero",)),
    InputClass("bias_l2", "a bias L2 strength > 0",
               "a Dense built with bias_regularizer_l2 > 0: dbias gains 2λ₂ᵇ·b"),
    InputClass("l1_kink", "L1-regularised parameters of exactly 0",
               "weights or biases of exactly 0 under an L1 strength > 0, where |w| has no derivative: "
               "any value in [−λ₁, λ₁] is a subgradient", ("l1_at_zero",)),
    InputClass("reused_objects", "one object through several batches",
               "the same layer object called again, as a training loop does: state kept from an "
               "earlier call shows"),
)
BY_KEY = {c.key: c for c in CLASSES}
KEYS = tuple(BY_KEY)


def parse(text: str) -> frozenset[str]:
    """`"unsigned_labels, float32"` → the keys; an unknown key is a ValueError listing the known ones."""
    keys = frozenset(k.strip() for k in text.split(",") if k.strip())
    unknown = sorted(keys - set(KEYS))
    if unknown:
        raise ValueError(f"unknown input class {unknown[0]!r}; the classes are {', '.join(KEYS)}")
    return keys
