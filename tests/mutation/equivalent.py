"""Surviving mutants of impl/ that no test can kill, each with the reason it behaves like impl/.

An entry names the mutated function (module.Class.method), the line as impl/ writes it and the
line as the mutant writes it (stripped, as `mutmut show` prints them). run_mutmut.py matches the
survivors on these three, so an entry outlives mutmut's renumbering of its mutants, and goes stale
— reported, and failing the run — when the line changes in impl/ or a test starts killing it."""

from __future__ import annotations

from typing import NamedTuple


class Equivalent(NamedTuple):
    function: str
    before: str
    after: str
    reason: str


COPY = ("astype's copy flag only decides whether an array already of that dtype is copied; the "
        "result is only read afterwards, never written or returned, so copy=False, None (copy if "
        "needed), True and the default (True) give the same values and dtypes and leave the "
        "arguments untouched: a memory and time difference only")
NO_SUCH_KIND = ("no NumPy dtype has kind 'X' (the kinds are b i u f c m M O S U V), so adding X to "
                "the accepted kinds accepts nothing new")
NO_NINE_BYTES = ("no bool, integer or float dtype is 9 bytes wide (1, 2, 4, 8, and 10, 12 or 16 for "
                 "long double), so `> 9` refuses exactly what `> 8` does")
EINSUM_CASE = "einsum subscripts are any letters: 'IJ,IJ->I' names the same contraction as 'ij,ij->i'"
ZERO_TERMS = ("the terms at zero labels are 0·fill; einsum accumulates from +0.0, and adding a zero "
              "of either sign to any partial sum leaves it as it is (+0.0 + −0.0 = +0.0), so the "
              "per-sample sums are bit-identical whatever finite fill is used")


def _astype_copies(function: str, before: str, call: str) -> list[Equivalent]:
    """The three copy mutants of `call` (an `astype(dtype, copy=False)` in `before`)."""
    stem = call.removesuffix("copy=False)")
    return [Equivalent(function, before, before.replace(call, stem + replacement), COPY)
            for replacement in ("copy=None)", ")", "copy=True)")]


_REAL_KIND = 'if kind not in "fiu" or array.dtype.itemsize > 8:'
_COMPUTE = "return np.dtype(np.float32) if all(d == np.float32 for d in dtypes) else np.dtype(np.float64)"
_LABEL_KIND = 'if array.dtype.kind not in "biuf" or array.dtype.itemsize > 8:'
_INDEX_KIND = 'if kind not in "biuf" or array.dtype.itemsize > 8:'
_LABEL_CAST = "values = array.astype(dtype, copy=False)  # read only below and by the callers"
_RELU_BITS = "np.bitwise_and(mask, g.astype(dtype, copy=False).view(bits), out=mask)"
_PARAMETERS = "return weight.astype(dtype, copy=False), bias.astype(dtype, copy=False)"
_DWEIGHT = "self.dweight = np.matmul(x.T.astype(dtype, copy=False), g)"
_FILL = "logs = np.full_like(clipped, -0.0)"
_CHECKS, _ACT, _DENSE, _LOSS = "impl._checks", "impl.activations", "impl.dense", "impl.losses"

EQUIVALENT: list[Equivalent] = [
    Equivalent(f"{_CHECKS}.compute_dtype", _COMPUTE,
               _COMPUTE.replace("np.dtype(np.float64)", "np.dtype(None)"),
               "np.dtype(None) is float64, NumPy's default dtype"),
    Equivalent(f"{_CHECKS}.real_data", _REAL_KIND, _REAL_KIND.replace('"fiu"', '"XXfiuXX"'), NO_SUCH_KIND),
    Equivalent(f"{_CHECKS}.real_data", _REAL_KIND, _REAL_KIND.replace("> 8", "> 9"), NO_NINE_BYTES),
    Equivalent(f"{_CHECKS}.real_data", "return array.astype(np.float64)", "return array.astype(None)",
               "astype(None) converts to float64, NumPy's default dtype"),
    Equivalent(f"{_CHECKS}.forward_state", "saved = getattr(layer, attribute, None)",
               "saved = getattr(layer, attribute, )",
               "the default is never used: every caller's __init__ (_Activation's, Layer_Dense's, "
               "Layer_Dropout's) sets the attributes asked for (`input`, `output`, `binary_mask`) "
               "to None"),
    Equivalent(f"{_CHECKS}.label_values", _LABEL_KIND, _LABEL_KIND.replace('"biuf"', '"XXbiufXX"'),
               NO_SUCH_KIND),
    Equivalent(f"{_CHECKS}.label_values", _LABEL_KIND, _LABEL_KIND.replace("> 8", "> 9"), NO_NINE_BYTES),
    *_astype_copies(f"{_CHECKS}.label_values", _LABEL_CAST, "astype(dtype, copy=False)"),
    Equivalent(f"{_CHECKS}.class_indices", _INDEX_KIND, _INDEX_KIND.replace('"biuf"', '"XXbiufXX"'),
               NO_SUCH_KIND),
    Equivalent(f"{_CHECKS}.class_indices", _INDEX_KIND, _INDEX_KIND.replace("> 8", "> 9"), NO_NINE_BYTES),
    *_astype_copies(f"{_ACT}.Activation_ReLU.backward", _RELU_BITS, "astype(dtype, copy=False)"),
    *_astype_copies(f"{_ACT}.Activation_Softmax.backward", "s = output.astype(dtype, copy=False)",
                    "astype(dtype, copy=False)"),
    *_astype_copies(f"{_ACT}.Activation_Softmax.backward", "g = g.astype(dtype, copy=False)",
                    "astype(dtype, copy=False)"),
    Equivalent(f"{_ACT}.Activation_Softmax.backward",
               'weighted = np.einsum("ij,ij->i", g, s)[:, np.newaxis]',
               'weighted = np.einsum("IJ,IJ->I", g, s)[:, np.newaxis]', EINSUM_CASE),
    Equivalent(f"{_ACT}.softmax_backward_per_sample", "column = s.reshape(-1, 1)",
               "column = s.reshape(-2, 1)",
               "NumPy (1.26 and 2.x) infers the size of any negative dimension in reshape, not only −1"),
    Equivalent(f"{_ACT}.Activation_Sigmoid.forward", "exp = np.copysign(x, -1)", "exp = np.copysign(x, -2)",
               "copysign takes only the sign of its second argument: both give −|x|"),
    Equivalent(f"{_ACT}.Activation_Sigmoid.backward", "s = output.astype(dtype, copy=False)",
               "s = output.astype(None, copy=False)",
               "astype(None) is float64, which differs from dtype only when output and dvalue are "
               "both float32; then s holds float32 values exactly, np.subtract(1, s, dtype=dtype) "
               "casts them back to float32, and the in-place products into the float32 dinput "
               "multiply float32 values exactly in float64 and round once: the correctly rounded "
               "float32 product, as in float32"),
    *_astype_copies(f"{_ACT}.Activation_Sigmoid.backward", "s = output.astype(dtype, copy=False)",
                    "astype(dtype, copy=False)"),
    *(Equivalent(f"{_ACT}.Activation_Sigmoid.backward", "dinput = np.subtract(1, s, dtype=dtype)",
                 f"dinput = np.subtract(1, s, {rest}",
                 "s already has dtype `dtype`, and the Python 1 never widens it (a weak scalar under "
                 "NEP 50, value-based casting in NumPy 1.x), so 1 − s has that dtype without asking")
      for rest in ("dtype=None)", ")")),
    *_astype_copies(f"{_DENSE}.Layer_Dense._parameters", _PARAMETERS, "weight.astype(dtype, copy=False)"),
    *_astype_copies(f"{_DENSE}.Layer_Dense._parameters", _PARAMETERS, "bias.astype(dtype, copy=False)"),
    *_astype_copies(f"{_DENSE}.Layer_Dense.backward", "g = g.astype(dtype, copy=False)",
                    "astype(dtype, copy=False)"),
    *_astype_copies(f"{_DENSE}.Layer_Dense.backward", _DWEIGHT, "astype(dtype, copy=False)"),
    Equivalent(f"{_LOSS}.Loss_CategoricalCrossentropy.forward", _FILL, _FILL.replace("-0.0", "+0.0"),
               ZERO_TERMS),
    Equivalent(f"{_LOSS}.Loss_CategoricalCrossentropy.forward", _FILL, _FILL.replace("-0.0", "-1.0"),
               ZERO_TERMS),
    Equivalent(f"{_LOSS}.Loss_CategoricalCrossentropy.forward",
               "np.log(clipped, out=logs, where=labels != 0)", "np.log(clipped, out=logs, )",
               "logging every element instead of only the non-zero labels' (a speed-up): the clipped "
               "predictions lie in [1e-7, 1 − 1e-7], so the extra logs are finite and negative, and "
               "0·log ŷ = −0.0 is the term the −0.0 fill gives"),
    Equivalent(f"{_LOSS}.Loss_CategoricalCrossentropy.forward",
               'return -np.einsum("ij,ij->i", labels, logs)', 'return -np.einsum("IJ,IJ->I", labels, logs)',
               EINSUM_CASE),
    Equivalent(f"{_LOSS}.Activation_Softmax_Loss_CategoricalCrossentropy.backward",
               "dinput = s - labels if (totals == 1).all() else s * totals - labels",
               "dinput = s - labels if ((totals == 1).all()) and False else s * totals - labels",
               "always taking the general form S·Σy − y: the fast path S − y is only taken when every "
               "Σy is exactly 1, and S·1 is S exactly, so both give the same bits"),
]
