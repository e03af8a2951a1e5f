"""The input classes a diagnosis names: what "ordinary inputs" are, and each kind of input beyond
them that breaks hand-written layers (the edge cases below and in SPEC.md), as data. SPEC.md
renders them (its "Input classes" section); properties/ recognises and switches them off.

Each class is of one of two kinds (CONTRACT_RULE): inside the training contract, where a failure
can silently corrupt training and the verdict is FAIL, or beyond it, where only a caller of the
layer by hand goes and a failure is a robustness note (`pass*`), counted only under --strict."""

from __future__ import annotations

from dataclasses import dataclass

ORDINARY = ("float64 values of moderate size (|x| ≤ 50); hard labels as float one-hot rows or "
            "int64 class indices shaped (n,), BCE labels as float 0/1 (n, k); n ≥ 2 samples and "
            "c ≥ 2 classes; C-contiguous, writeable arrays the caller does not read again; a "
            "float dvalue; predictions inside the clip bounds; ReLU inputs other than exactly 0; "
            "a fresh object for each forward/backward pair; the book's layers beyond the notes: MSE and MAE "
            "labels as float (n, J), MAE predictions other than their labels, Dropout in training, a "
            "Dense with every regularisation strength 0")


CONTRACT_RULE = ("A class is **in the training contract** when a layer receives such inputs inside a "
                 "network trained the way the notes and the book train one (their data sets, their "
                 "training loops, their later chapters' regularisation, dropout and validation): a "
                 "failure there can silently corrupt training, and the role FAILs (exit 1). A class "
                 "is **beyond the contract** when only a caller of the layer by hand produces it: a "
                 "failure there is a robustness note, the role's status is `pass*` and the exit code "
                 "does not change, unless `--strict` (for teachers who grade robustness) makes every "
                 "class count.")


@dataclass(frozen=True)
class InputClass:
    """One kind of input beyond the ordinary: its key (as --without takes it), what a learner
    reads in the report, what it is, whether it is inside the training contract and why, and the
    SPEC.md edge cases it shows (their anchors)."""

    key: str
    name: str
    definition: str
    in_contract: bool
    why: str  # why the class is (or is not) inside the training contract
    edge_cases: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        """Its own anchor in SPEC.md's "Input classes" section."""
        return f"class-{self.key}"


CLASSES = (
    InputClass("one_sample", "a batch of one sample (n = 1)",
               "every batch argument has a single row: a sum or mean over the batch is the row itself, so a "
               "missing batch sum or mean does not show",
               in_contract=True,
               why="a last batch of one sample, or training on a single sample, as a loop over any data set "
                   "may do",
               edge_cases=("dense_one_sample_as_vector",)),
    InputClass("one_class", "one class (c = 1)",
               "softmax, CCE and the fused class on a single column: the softmax is 1, its gradient 0, and "
               "(n, 1) labels are ambiguous",
               in_contract=False,
               why="no network the notes or the book train ends in a softmax of one class (its output is "
                   "constant 1)",
               edge_cases=("one_class",)),
    InputClass("float32", "float32 arguments",
               "inputs, parameters, predictions or dvalues of dtype float32",
               in_contract=True,
               why="float32 data and parameters train as well as float64 (the book's nnfs.init() sets float32"
                   " data)",
               edge_cases=("dense_float32_kept",)),
    InputClass("unsigned_labels", "unsigned integer labels (uint8 …)",
               "labels of an unsigned dtype: `-y` wraps (uint8 1 becomes 255)",
               in_contract=True,
               why="the book's data sets give uint8 class labels",
               edge_cases=("cce_label_dtypes", "bce_label_dtypes")),
    InputClass("bool_labels", "bool labels",
               "one-hot or binary labels of dtype bool: NumPy refuses `-y` on them",
               in_contract=True,
               why="labels made by a comparison (y > 0, y == k) are bool, and learners train on them as they "
                   "are",
               edge_cases=("cce_label_dtypes", "bce_label_dtypes")),
    InputClass("integer_labels", "integer labels other than int64 class indices",
               "class indices of int8–int32, or one-hot / binary rows of a signed integer dtype",
               in_contract=True,
               why="class indices of any integer dtype come straight from data sets and np.argmax",
               edge_cases=("cce_label_dtypes", "bce_label_dtypes")),
    InputClass("sparse_column", "sparse labels shaped (n, 1)",
               "CCE class indices as a column rather than (n,)",
               in_contract=True,
               why="labels kept as a column (n, 1), as spiral_data's y.reshape(-1, 1) gives them",
               edge_cases=("cce_sparse_column",)),
    InputClass("flat_binary", "BCE labels shaped (n,)",
               "labels for one output as a vector rather than (n, 1)",
               in_contract=True,
               why="binary labels from a data set arrive as (n,) unless reshaped, as the book's chapter 16 "
                   "warns",
               edge_cases=("bce_label_shapes",)),
    InputClass("soft_labels", "soft labels",
               "label rows of probabilities other than 0 and 1 (summing to 1 for CCE)",
               in_contract=False,
               why="the notes and the book train on hard labels only; soft rows come from a caller by hand "
                   "(or label smoothing, which neither teaches)",
               edge_cases=("softmax_cce_soft_labels",)),
    InputClass("unnormalised_labels", "soft labels whose rows do not sum to 1",
               "CCE label rows in [0, 1] with any sum",
               in_contract=False,
               why="label rows that do not sum to 1 are no distribution any training loop builds",
               edge_cases=("softmax_cce_soft_labels",)),
    InputClass("clip_edges", "predictions at or beyond the clip bounds",
               "CCE or BCE predictions within 1e-7 of 0 or 1, exactly 0 and 1 included",
               in_contract=True,
               why="a saturated softmax or sigmoid gives predictions of exactly 0 and 1 in training",
               edge_cases=("cce_zero_prediction", "cce_clip_bounds", "bce_clip_bounds")),
    InputClass("extreme_values", "inputs of large magnitude",
               "softmax, sigmoid or fused inputs beyond ±50, up to the dtype's largest: exponentials overflow"
               " or underflow",
               in_contract=True,
               why="logits grow large in training (a high learning rate, unscaled inputs)",
               edge_cases=("softmax_large_logits", "softmax_underflow", "sigmoid_saturation",
                           "sigmoid_large_negative")),
    InputClass("kink_inputs", "ReLU inputs of exactly 0",
               "where ReLU has no derivative; any value in [0, 1] is a subgradient",
               in_contract=True,
               why="a Dense output of exactly 0 reaches ReLU for an all-zero sample with the zero-initialised"
                   " biases",
               edge_cases=("relu_at_zero",)),
    InputClass("integer_dvalue", "an integer dvalue",
               "an upstream gradient of an integer dtype",
               in_contract=False,
               why="dvalue comes from the next layer's float backward; an integer one only from a caller by "
                   "hand",
               edge_cases=("softmax_integer_dvalue",)),
    InputClass("layouts", "Fortran, strided or read-only arguments",
               "arrays that are not C-contiguous, or not writeable",
               in_contract=False,
               why="a training loop passes each layer the contiguous, writeable arrays the previous layer "
                   "made"),
    InputClass("in_place", "a caller that reads its arrays after the call",
               "arguments the caller uses again: a write into an argument (or into an array the layer "
               "returned earlier) shows",
               in_contract=False,
               why="a training loop does not read a layer's arguments again after the call"),
    InputClass("flat_regression", "MSE or MAE labels shaped (n,)",
               "regression labels for one output as a vector rather than (n, 1): `y − ŷ` broadcasts to "
               "(n, n)",
               in_contract=True,
               why="regression targets arrive as (n,) from a data set unless reshaped, as the book's chapter "
                   "17 warns",
               edge_cases=("regression_label_shapes",)),
    InputClass("mae_kink", "MAE predictions equal to their labels",
               "where |y − ŷ| has no derivative; any value in [−1, 1]/(J·n) is a subgradient",
               in_contract=True,
               why="a prediction can equal its target exactly in training (integer targets, a saturated "
                   "output)",
               edge_cases=("mae_at_equal",)),
    InputClass("dropout_inference", "Dropout in inference (training=False)",
               "the forward called with its training flag False: the layer must be the identity",
               in_contract=True,
               why="the book validates and predicts with training=False",
               edge_cases=("dropout_inference",)),
    InputClass("weight_l1", "a weight L1 strength > 0",
               "a Dense built with weight_regularizer_l1 > 0: dweight gains λ₁·sign(W)",
               in_contract=True,
               why="the book's chapter 14 trains with weight L1",
               edge_cases=("l1_at_zero",)),
    InputClass("weight_l2", "a weight L2 strength > 0",
               "a Dense built with weight_regularizer_l2 > 0: dweight gains 2λ₂·W",
               in_contract=True,
               why="the book's chapter 14 trains with weight L2"),
    InputClass("bias_l1", "a bias L1 strength > 0",
               "a Dense built with bias_regularizer_l1 > 0: dbias gains λ₁ᵇ·sign(b)",
               in_contract=True,
               why="the book's chapter 14 trains with bias L1",
               edge_cases=("l1_at_zero",)),
    InputClass("bias_l2", "a bias L2 strength > 0",
               "a Dense built with bias_regularizer_l2 > 0: dbias gains 2λ₂ᵇ·b",
               in_contract=True,
               why="the book's chapter 14 trains with bias L2"),
    InputClass("l1_kink", "L1-regularised parameters of exactly 0",
               "weights or biases of exactly 0 under an L1 strength > 0, where |w| has no derivative: any "
               "value in [−λ₁, λ₁] is a subgradient",
               in_contract=True,
               why="biases start at exactly 0 in the book, so L1 meets its kink at the first step",
               edge_cases=("l1_at_zero",)),
    InputClass("reused_objects", "one object through several batches",
               "the same layer object called again, as a training loop does: state kept from an earlier call "
               "shows",
               in_contract=True,
               why="a training loop calls the same layer objects every batch"),
)
BY_KEY = {c.key: c for c in CLASSES}
KEYS = tuple(BY_KEY)
BEYOND_CONTRACT = frozenset(c.key for c in CLASSES if not c.in_contract)


def parse(text: str) -> frozenset[str]:
    """`"unsigned_labels, float32"` → the keys; an unknown key is a ValueError listing the known ones."""
    keys = frozenset(k.strip() for k in text.split(",") if k.strip())
    unknown = sorted(keys - set(KEYS))
    if unknown:
        raise ValueError(f"unknown input class {unknown[0]!r}; the classes are {', '.join(KEYS)}")
    return keys
