"""Every conformance target: the correct rewrites the suite must accept and the mutants it must
reject. The mutation self-test runs the property suite (`pytest --impl=<module>`) on each entry.

`caught_by` names the property family that should reject a mutant: "gradients" (symbolic and
numeric gradient agreement), "invariants" (shapes, dtypes, row sums, finiteness), "pitfalls"
(the notes' label encodings, shapes and edge values) or "purity" (arguments left untouched) —
or "convention" for a variant that is no bug (right values, another dtype): the suite must
accept it and name the convention in its report (`Mutant.reported`).
`survives` says on which inputs the mutant behaves exactly like a correct implementation."""

from dataclasses import dataclass

from backprop_spec.spec.input_classes import BEYOND_CONTRACT

TARGETS = "tests.selftest.targets"
FAMILIES = ("gradients", "invariants", "pitfalls", "purity", "convention")


ORDINARY = ("ordinary",)


@dataclass(frozen=True)
class Mutant:
    module: str
    bug: str
    caught_by: str
    survives: str
    reported: str = ""  # for a convention: the text the verdict report must show
    role: str = ""  # the role whose class is broken
    # the input classes (spec/input_classes.py) that show the bug, or ORDINARY: wrong on
    # ordinary inputs; `together`: the classes show it only in combination
    breaks_on: tuple[str, ...] = ORDINARY
    together: bool = False

    @property
    def name(self) -> str:
        return self.module.rsplit(".", 1)[-1]

    @property
    def beyond_contract(self) -> bool:
        """Broken only by classes beyond the training contract (spec/input_classes.py): a
        complete run of its role says pass* and exits 0, and --strict rejects it."""
        return self.breaks_on != ORDINARY and set(self.breaks_on) <= BEYOND_CONTRACT


def _m(name: str, bug: str, caught_by: str, survives: str, reported: str = "") -> Mutant:
    role, breaks_on, *together = BREAKS_ON.get(name, ("cce", ORDINARY))
    return Mutant(f"{TARGETS}.mutants.{name}", bug, caught_by, survives, reported, role,
                  breaks_on, bool(together))


_U, _B, _S, _F = "unsigned_labels", "bool_labels", "soft_labels", "unnormalised_labels"
# name: (role, breaks_on[, "together"]); every bug mutant has an entry
BREAKS_ON: dict[str, tuple] = {
    "cce_uint8_onehot": ("cce", (_U, _B)), "book_cce_uint8_onehot": ("cce", (_U, _B)),
    "bce_uint8_unary_minus": ("bce", (_U, _B)), "bce_no_reshape": ("bce", ("flat_binary",)),
    "softmax_1d_outer": ("softmax", ORDINARY), "cce_no_batch_mean": ("cce", ORDINARY),
    "bce_no_output_mean": ("bce", ORDINARY), "dense_lost_transpose": ("dense", ORDINARY),
    "dvalue_inplace": ("relu", ("in_place", "layouts")),
    "softmax_no_max_shift": ("softmax", ("extreme_values",)),
    "cce_missing_clip_bound": ("cce", ("clip_edges",)), "soft_labels_hardened": ("fused", (_S, _F)),
    "forward_backward_mismatch": ("sigmoid", ORDINARY), "sparse_n1_as_onehot": ("cce", ("sparse_column",)),
    "dbias_no_sum": ("dense", ORDINARY), "relu_wrong_mask": ("relu", ORDINARY),
    "combined_soft_labels_s_minus_y": ("fused", (_F,)),
    "combined_inplace_y_pred": ("fused", ("in_place", "layouts")),
    "float32_upcast": ("cce", ("float32",)), "book_dbias_mean": ("dense", ORDINARY),
    "book_softmax_empty_like": ("softmax", ("integer_dvalue",)), "book_cce_log_of_sum": ("cce", (_S, _F)),
    "sigmoid_exp_ratio": ("sigmoid", ("extreme_values",)), "sigmoid_batch_mean": ("sigmoid", ORDINARY),
    "sigmoid_dvalue_inplace": ("sigmoid", ("in_place", "layouts")),
    "relu_output_over_input": ("relu", ("kink_inputs",)),
    "bce_backward_unclipped": ("bce", ("clip_edges",)),
    "cce_clip_in_place": ("cce", ("clip_edges", "in_place", "layouts"), "together"),  # out= read-only raises
    "bce_labels_reshaped_in_place": ("bce", ("flat_binary", "in_place"), "together"),
    "dense_nan_to_num_in_place": ("dense", ("in_place", "layouts")),
    "softmax_backward_batch_sum": ("softmax", ORDINARY),
    "softmax_shift_in_place": ("softmax", ("in_place", "layouts")),
    "softmax_global_max": ("softmax", ("extreme_values",)),
    "bce_forward_clip_in_place": ("bce", ("clip_edges", "in_place", "layouts"), "together"),
    # its first failing search compares batches of one kept side by side (the batch against its rows)
    "dense_shared_workspace": ("dense", ("in_place", "one_sample"), "together"),
    "sigmoid_ravel_out": ("sigmoid", ("layouts",)),
    **{f"{role}_gradient_1e7": (role, ORDINARY) for role in ("dense", "relu", "softmax", "sigmoid", "cce",
                                                              "bce", "fused", "linear", "mse", "mae")},
    "sigmoid_clipped_at_20": ("sigmoid", ORDINARY),  # |x| in (20, 50] is ordinary
    "dense_kept_input": ("dense", ("reused_objects",)),
    "dense_accumulated_gradients": ("dense", ("reused_objects",)),
    "relu_cached_buffer": ("relu", ("reused_objects",)),  # a batch of another size: wrong shape
    "sigmoid_kept_output": ("sigmoid", ("reused_objects",)),
    "softmax_cached_jacobians": ("softmax", ("reused_objects",)),
    "cce_cached_labels": ("cce", ("reused_objects",)), "bce_cached_labels": ("bce", ("reused_objects",)),
    "fused_cached_buffer": ("fused", ("reused_objects",)),  # a batch of another size: wrong shape
    # the book's layers beyond the notes (issue 14)
    "linear_relu_mask": ("linear", ORDINARY),
    "linear_nan_to_num_in_place": ("linear", ("in_place", "layouts")),
    "mse_no_batch_mean": ("mse", ORDINARY), "mse_no_reshape": ("mse", ("flat_regression",)),
    "mse_labels_reshaped_in_place": ("mse", ("flat_regression", "in_place"), "together"),
    "book_mae_sign": ("mae", ORDINARY), "mae_ratio_sign": ("mae", ("mae_kink",)),
    "mae_no_reshape": ("mae", ("flat_regression",)),
    "mae_difference_in_place": ("mae", ("in_place", "layouts")),
    "dropout_fresh_mask_in_backward": ("dropout", ORDINARY), "dropout_mask_not_scaled": ("dropout", ORDINARY),
    "dropout_rate_as_keep": ("dropout", ORDINARY),
    "dropout_ignores_training": ("dropout", ("dropout_inference",)),
    "dropout_input_in_place": ("dropout", ("in_place", "layouts")),
    "regularization_l2_of_dweights": ("dense", ("weight_l2",)),
    "regularization_l2_without_2": ("dense", ("weight_l2",)),
    "regularization_bias_l1_with_weight_strength": ("dense", ("bias_l1",)),
    # the penalty is the loss class's code: its findings go to the first loss role that has it
    "regularization_loss_reads_weights": ("cce", ("bias_l2",)),
    "regularization_loss_reads_trainable_layers": ("cce", ORDINARY),
    "regularization_l1_ratio_sign": ("dense", ("weight_l1", "l1_kink"), "together"),
}


CORRECT = [
    (f"{TARGETS}.correct_notes_style",
     "notes naming; labels cast to the prediction dtype first; (n,) and (n, 1) CCE labels sparse; "
     "vectorised softmax backward; dbias (1, b); ReLU passes the gradient at 0 (mask input < 0); "
     "fused class with (S·Σy − y)/n"),
    (f"{TARGETS}.correct_book_style",
     "book naming with forward(inputs, training) and backward(dvalues, y_true); per-sample "
     "Jacobian softmax backward; np.eye(c)[y] one-hot; dbiases (b,); ReLU blocks the gradient "
     "at 0 (inputs <= 0); no fused class; the book's Linear (output is the input itself), MSE and "
     "MAE by their textbook formulas with the MAE sign corrected"),
    (f"{TARGETS}.correct_torch",
     "every gradient from PyTorch autograd (needs torch); book naming, forward(inputs); float32 "
     "computed in float32; ReLU blocks at 0 (torch.relu); dbiases (b,); clip by torch.clamp "
     "differentiated through (0 beyond the bounds); fused class through torch.log_softmax; Linear, "
     "MSE and MAE (torch.abs: 0 at ŷ = y) by autograd"),
    (f"{TARGETS}.correct_textbook",
     "notes naming; sigmoid 1/(1 + e^{−x}) (e^{−x} overflows to inf, σ = 0, below x ≈ −709); "
     "per-sample Jacobian diagflat(s) − s·sᵀ; np.eye(c)[y] one-hot; clip eps = 1e-15 (machine "
     "eps in float32); ReLU blocks at 0 (mask x > 0); fused (S·Σy − y)/n"),
    (f"{TARGETS}.correct_clip_exact",
     "book naming with forward(inputs, training); clip eps = 1e-12 with the exact derivative of "
     "the clipped forward (0 outside the bounds); sigmoid clips x to ±500; softmax by "
     "log-softmax, backward by einsum over Jacobians; ReLU passes at 0; fused by log-sum-exp"),
    (f"{TARGETS}.correct_float64_inside",
     "notes naming; float32 arguments computed in float64 and rounded back once; batched-matmul "
     "softmax backward; ReLU subgradient 1/2 at 0; take/put_along_axis for sparse labels"),
    (f"{TARGETS}.correct_sigmoid_clipped",
     "correct_notes_style with sigmoid clipping x to ±88.72 in every dtype (formerly a mutant): "
     "σ and its gradient frozen beyond, off by ≤ 3e-39 (·|dvalue|), far below a rounding unit"),
]

MUTANTS = [
    _m("cce_uint8_onehot", "CCE backward -y/ŷ on raw one-hot labels: uint8 wraps to 255",
       "pitfalls", "float and signed-int one-hot, soft and sparse labels"),
    _m("bce_uint8_unary_minus", "BCE backward (-y/ŷ + (1-y)/(1-ŷ)) on raw uint8 labels",
       "pitfalls", "float and signed-int labels; uint8 labels that are all 0"),
    _m("bce_no_reshape", "BCE (n,) labels not reshaped: (n, n) broadcast in forward and backward",
       "pitfalls", "(n, k) labels; n = 1; forward only: batches whose labels are all equal"),
    _m("softmax_1d_outer", "softmax Jacobian diagflat(s) − dot(s.T, s) on a 1-D s (Σs² scalar)",
       "gradients", "c = 1; all-zero dvalue"),
    _m("cce_no_batch_mean", "CCE backward without the 1/n batch mean",
       "gradients", "n = 1"),
    _m("bce_no_output_mean", "BCE backward without the 1/k mean over outputs",
       "gradients", "k = 1"),
    _m("dense_lost_transpose", "Dense dinput = dvalue · W instead of dvalue · Wᵀ",
       "gradients", "nothing when n_inputs ≠ n_neurons (ValueError); square W only if symmetric"),
    _m("dvalue_inplace", "ReLU backward zeroes the caller's dvalue in place",
       "purity", "inputs with no negative entry (values are always right)"),
    _m("softmax_no_max_shift", "softmax forward without the row-max shift: NaN at large logits",
       "pitfalls", "logits below ~709 (float64) / ~88 (float32)"),
    _m("cce_missing_clip_bound", "CCE forward clips only the upper bound: −log 0 = inf at ŷ = 0",
       "pitfalls", "every labelled ŷ ≥ 1e-7"),
    _m("soft_labels_hardened", "fused backward turns 2-D labels into argmax indices",
       "gradients", "sparse and one-hot labels"),
    _m("forward_backward_mismatch", "sigmoid backward dvalue · x(1 − x) on the input, not σ(1 − σ)",
       "gradients", "no realistic input"),
    _m("sparse_n1_as_onehot", "CCE reads (n, 1) sparse labels as one-hot (any 2-D is one-hot)",
       "pitfalls", "(n,) sparse labels; (n, c) one-hot and soft labels"),
    _m("dbias_no_sum", "Dense dbias = dvalue, no sum over the batch",
       "gradients", "n = 1"),
    _m("relu_wrong_mask", "ReLU backward mask input > 0 (inverted)",
       "gradients", "inputs all exactly 0, or zero dvalue"),
    _m("combined_soft_labels_s_minus_y", "fused backward (S − y)/n, valid only when Σ_j y_j = 1",
       "gradients", "sparse, one-hot and normalised soft labels"),
    _m("combined_inplace_y_pred", "fused backward subtracts 1 inside the caller's y_pred",
       "purity", "one-hot and soft labels (values are always right)"),
    _m("float32_upcast", "CCE backward labels astype(float): float32 in, float64 dinput out",
       "convention", "everything: the values are right; only the dtype differs",
       reported="dtype of Loss_CategoricalCrossentropy: float32 in: losses float32, dinput float64"),
    _m("book_cce_uint8_onehot", "book-style CCE backward -y_true/dvalues on raw uint8 one-hot",
       "pitfalls", "sparse, float and signed-int one-hot, soft labels"),
    _m("book_dbias_mean", "book-style dbiases = mean over the batch instead of sum",
       "gradients", "n = 1"),
    _m("book_softmax_empty_like", "book-style softmax backward np.empty_like(dvalues) truncates",
       "pitfalls", "float dvalues"),
    _m("book_cce_log_of_sum", "book-style CCE forward −log Σ y ŷ for 2-D labels",
       "gradients", "sparse and one-hot labels"),
    _m("sigmoid_exp_ratio", "sigmoid forward e^x / (1 + e^x): inf / inf = NaN once e^x overflows",
       "invariants", "inputs below ~709 (float64) / ~88 (float32)"),
    _m("sigmoid_batch_mean", "sigmoid backward divides by the batch size (the loss's 1/n twice)",
       "invariants", "n = 1"),
    _m("sigmoid_dvalue_inplace", "book-style sigmoid backward `dvalues *= σ(1 − σ)` in place",
       "purity", "callers that never reuse their dvalues (the first result is right)"),
    _m("relu_output_over_input", "ReLU backward dvalue · max(0, x) / x: 0 / 0 = NaN at x = 0",
       "pitfalls", "inputs without an exact 0"),
    _m("bce_backward_unclipped", "BCE backward on unclipped predictions: ±inf or NaN at 0 and 1",
       "pitfalls", "predictions strictly inside (0, 1)"),
    _m("cce_clip_in_place", "CCE backward np.clip(y_pred, …, out=y_pred): writes the caller's array",
       "purity", "writeable predictions inside [1e-7, 1 − 1e-7] (values are always right)"),
    _m("bce_labels_reshaped_in_place", "book-style BCE `y_true.shape = (-1, 1)` on the caller's labels",
       "purity", "(n, k) labels (values are always right)"),
    _m("dense_nan_to_num_in_place", "Dense backward np.nan_to_num(dvalue, copy=False) on the caller's dvalue",
       "purity", "writeable, finite dvalues (values are always right)"),
    _m("softmax_backward_batch_sum", "softmax backward Σ dvalue·S over the whole batch (no axis)",
       "invariants", "n = 1"),
    _m("softmax_shift_in_place", "softmax forward `input -= max` on the caller's logits",
       "purity", "logits whose row max is 0 (values are always right)"),
    _m("softmax_global_max", "softmax forward subtracts the batch max, not each row's: NaN rows",
       "pitfalls", "n = 1; rows whose maxima lie within a few hundred of each other"),
    _m("bce_forward_clip_in_place", "BCE forward np.clip(y_pred, …, out=y_pred): writes the caller's array",
       "purity", "writeable predictions inside [1e-7, 1 − 1e-7] (values are always right)"),
    _m("dense_shared_workspace", "Dense backward writes dinput into one cached buffer per shape",
       "invariants", "callers that use each dinput before the next backward of that shape"),
    _m("sigmoid_ravel_out", "sigmoid forward writes through output.ravel(), a copy for Fortran input",
       "purity", "C-contiguous, strided and read-only inputs; a single row or column"),
    # relative 1e-7 errors: the sensitivity claim, through the real properties
    _m("dense_gradient_1e7", "Dense backward: dinput, dweight and dbias each × (1 + 1e-7)",
       "gradients", "nothing: every float64 input with a nonzero gradient"),
    _m("relu_gradient_1e7", "ReLU backward: dinput × (1 + 1e-7)",
       "gradients", "nothing: every float64 input with a nonzero gradient"),
    _m("softmax_gradient_1e7", "softmax backward: dinput × (1 + 1e-7)",
       "gradients", "nothing: every float64 input with a nonzero gradient"),
    _m("sigmoid_gradient_1e7", "sigmoid backward: dinput × (1 + 1e-7)",
       "gradients", "nothing: every float64 input with a nonzero gradient"),
    _m("cce_gradient_1e7", "CCE backward: dinput × (1 + 1e-7)",
       "gradients", "nothing: every float64 input with a nonzero gradient"),
    _m("bce_gradient_1e7", "BCE backward: dinput × (1 + 1e-7)",
       "gradients", "nothing: every float64 input with a nonzero gradient"),
    _m("fused_gradient_1e7", "fused softmax + CCE backward: dinput × (1 + 1e-7)",
       "gradients", "nothing: every float64 input with a nonzero gradient"),
    _m("sigmoid_clipped_at_20", "sigmoid forward clips x to ±20 first (a learner's guard): σ off by 2e-9",
       "invariants", "|x| ≤ 20"),
    # stale state across calls
    _m("dense_kept_input", "Dense forward keeps the input of its first call; backward uses it",
       "invariants", "a layer that sees one batch only (every fresh-object check)"),
    _m("dense_accumulated_gradients", "book-style Dense `dweights += …`, zeros created once: no zero_grad",
       "invariants", "a layer that sees one batch only (every fresh-object check)"),
    _m("relu_cached_buffer", "ReLU backward writes dinput into a buffer allocated on its first call",
       "invariants", "callers that use each dinput before the next backward; one batch size"),
    _m("sigmoid_kept_output", "book-style sigmoid saves σ for the backward on its first call only",
       "invariants", "a sigmoid that sees one batch only; batches equal to the first"),
    _m("softmax_cached_jacobians", "book-style softmax backward caches the first batch's Jacobians",
       "invariants", "a softmax that sees one batch only; batches equal to the first"),
    _m("cce_cached_labels", "book-style CCE backward keeps the one-hot matrix of its first call",
       "invariants", "a loss that sees one batch only; batches with the first's labels"),
    _m("bce_cached_labels", "BCE reshapes and casts the labels once and reuses them for every call",
       "invariants", "a loss that sees one batch only; batches with the first's labels"),
    _m("fused_cached_buffer", "fused backward writes dinput into a buffer allocated on its first call",
       "invariants", "callers that use each dinput before the next backward; one batch size"),
    # the book's layers beyond the notes (issue 14)
    *(_m(f"{role}_gradient_1e7", f"{name} backward: dinput × (1 + 1e-7)", "gradients",
         "nothing: every float64 input with a nonzero gradient")
      for role, name in (("linear", "Linear"), ("mse", "MSE"), ("mae", "MAE"))),
    _m("linear_relu_mask", "Linear backward copied from ReLU's, its mask inputs <= 0 left in",
       "gradients", "inputs that are all positive"),
    _m("linear_nan_to_num_in_place", "Linear backward np.nan_to_num(dvalues, copy=False): writes and returns "
       "the caller's dvalues", "purity", "writeable, finite dvalues (values are always right)"),
    _m("mse_no_batch_mean", "MSE backward −2(y − ŷ)/outputs without /samples", "gradients", "n = 1"),
    _m("mse_no_reshape", "MSE (n,) labels not reshaped: (n, n) broadcast in forward and backward",
       "pitfalls", "(n, J) labels; n = 1"),
    _m("mse_labels_reshaped_in_place", "book-style MSE `y_true.shape = (-1, 1)` on the caller's labels",
       "purity", "(n, J) labels (values are always right)"),
    _m("book_mae_sign", "the book's MAE backward np.sign(y_true − dvalues)/outputs/samples: the sign lost",
       "gradients", "nothing off the kink"),
    _m("mae_ratio_sign", "MAE backward sign as (ŷ − y)/|ŷ − y|: 0/0 = NaN at ŷ = y",
       "pitfalls", "predictions that all differ from their labels"),
    _m("mae_no_reshape", "MAE (n,) labels not reshaped: (n, n) broadcast in forward and backward",
       "pitfalls", "(n, J) labels; n = 1"),
    _m("mae_difference_in_place", "MAE backward np.subtract(dvalues, y_true, out=dvalues) into the "
       "caller's predictions", "purity", "callers that never read their predictions again"),
    _m("dropout_fresh_mask_in_backward", "Dropout backward draws a new mask instead of the forward's",
       "gradients", "rate 0; draws that repeat the forward's mask"),
    _m("dropout_mask_not_scaled", "Dropout applies the 0/1 mask without the 1/(1 − rate) scale",
       "gradients", "rate 0"),
    _m("dropout_rate_as_keep", "Dropout keeps each entry with probability rate (1 − rate left out), "
       "scaled by 1/rate", "invariants", "rate 0.5"),
    _m("dropout_ignores_training", "Dropout drops in inference too (its training flag ignored)",
       "pitfalls", "rate 0; every call in training"),
    _m("dropout_input_in_place", "Dropout forward `inputs *= binary_mask` into the caller's array",
       "purity", "callers that never read their input again"),
    _m("regularization_l2_of_dweights", "Dense L2 term 2λ₂·dweights instead of 2λ₂·weights: scales the "
       "data gradient", "gradients", "weight_regularizer_l2 = 0"),
    _m("regularization_l2_without_2", "Dense L2 term λ₂·W, the factor 2 lost", "gradients",
       "weight_regularizer_l2 = 0"),
    _m("regularization_bias_l1_with_weight_strength", "Dense bias L1 term written with the weights' "
       "strength weight_regularizer_l1", "gradients", "bias_regularizer_l1 = 0; equal L1 strengths"),
    _m("regularization_loss_reads_weights", "Loss.regularization_loss's bias L2 term sums weights², not "
       "biases²", "gradients", "bias_regularizer_l2 = 0"),
    _m("regularization_l1_ratio_sign", "Dense L1 sign as W/|W|: 0/0 = NaN at a weight of 0", "pitfalls",
       "weights that are all nonzero; weight_regularizer_l1 = 0"),
    _m("regularization_loss_reads_trainable_layers", "Loss.regularization_loss(layer) reads "
       "self.trainable_layers, which nothing set: an AttributeError", "gradients",
       "nothing that calls regularization_loss"),
]

BUGS = [m for m in MUTANTS if m.caught_by != "convention"]  # real bugs, every one to be rejected
CONVENTIONS = [m for m in MUTANTS if m.caught_by == "convention"]  # right values, another choice
