"""The checkable claims in the notes' code comments, each with the NumPy (or SymPy) run that
checks it. CODE_CLAIMS records whether each claim holds; spec.errata turns the false ones into
errata. Every check returns (held, what was observed).
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from backprop_spec.spec.records import BCE, DENSE, SOFTMAX, CodeClaim

_DVALUE = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])  # n = 3 samples, b = 2 neurons
_BIAS = np.zeros((1, 2))


def _dbias_by_ones_square() -> tuple[bool, str]:
    """np.dot(dvalue, np.ones((len(bias), len(bias)))) against the column sums of dvalue."""
    try:
        np.dot(_DVALUE, np.ones((len(_BIAS), len(_BIAS))))
    except ValueError as error:
        single_neuron = np.dot(_DVALUE[:, :1], np.ones((1, 1)))  # b = 1: no error, no sum
        column_sums = np.ones((1, len(_DVALUE))) @ _DVALUE
        agrees = np.array_equal(column_sums, np.sum(_DVALUE, axis=0, keepdims=True))
        return False, (
            f"bias (1, 2) has len 1, so ones((1, 1)); dot with dvalue (3, 2) raises "
            f"ValueError ({error}); with one neuron it returns dvalue unchanged, shape "
            f"{single_neuron.shape}. ones((1, n)) @ dvalue = {column_sums.tolist()} "
            f"{'equals' if agrees else 'differs from'} np.sum(dvalue, axis=0, keepdims=True)."
        )
    return True, "np.dot accepted the shapes"


def _sum_without_keepdims_is_row() -> tuple[bool, str]:
    """Shape of np.sum(dvalue, axis=0) without keepdims."""
    shape = np.sum(_DVALUE, axis=0).shape
    update_shape = (_BIAS - 0.1 * np.sum(_DVALUE, axis=0)).shape
    return shape == (1, 2), (
        f"shape {shape}, a 1-D array, not a (1, 2) row; bias − lr·dbias still broadcasts "
        f"to {update_shape}, so the update works."
    )


def _dweight_is_sum_of_outer_products() -> tuple[bool, str]:
    """inputᵀ·dvalue = Σ_i input_iᵀ·dvalue_i, exactly, for symbolic 3×2 input and dvalue."""
    x = sp.Matrix(3, 2, sp.symbols("x0:6"))
    g = sp.Matrix(3, 2, sp.symbols("g0:6"))
    per_sample = sum((x[i, :].T * g[i, :] for i in range(3)), sp.zeros(2, 2))
    holds = (x.T * g - per_sample).expand() == sp.zeros(2, 2)
    return holds, f"SymPy: inputᵀ·dvalue − Σ_i input_iᵀ·dvalue_i = 0 entrywise: {holds}"


def _jacobian_orders_differ() -> tuple[bool, str]:
    """dvalue·J against J·dvalue for the notes' jacobian_matrix, which is symmetric."""
    s = sp.Matrix(1, 4, sp.symbols("S1:5", positive=True))
    jacobian = sp.diag(*s) - s.T * s
    symmetric = jacobian == jacobian.T
    output = np.array([[0.1, 0.2, 0.3, 0.4]])
    dvalue = np.array([1.0, -2.0, 0.5, 3.0])
    numeric = np.diagflat(output) - np.dot(output.T, output)
    left, right = np.dot(dvalue, numeric), np.dot(numeric, dvalue)
    differ = not np.allclose(left, right, rtol=0, atol=1e-15)
    return differ, (
        f"diagflat(S) − SᵀS is symmetric (SymPy, 4 classes: {symmetric}), so both orders give "
        f"the same vector: {left.tolist()} vs {right.tolist()}."
    )


def _transpose_of_1d_is_itself() -> tuple[bool, str]:
    """A 1-D array's .T is the same array, the reason the code reshapes to (1, a)."""
    vector = np.array([1.0, 2.0, 3.0])
    return np.array_equal(vector.T, vector) and vector.T.shape == (3,), "v.T.shape == (3,)"


def _labels_broadcast_to_square() -> tuple[bool, str]:
    """(n,) labels against (n, 1) predictions."""
    shape = (np.array([1.0, 0.0, 1.0]) / np.array([[0.9], [0.2], [0.7]])).shape
    return shape == (3, 3), f"(3,) / (3, 1) has shape {shape}"


def _unary_minus_wraps_uint8() -> tuple[bool, str]:
    """-y_true for uint8 labels."""
    negated = -np.array([1, 0], dtype=np.uint8)
    return int(negated[0]) == 255, f"-uint8([1, 0]) = {negated.tolist()}"


def _cautionary_line_is_python() -> tuple[bool, str]:
    """The notes' "never write it like this" line, as printed."""
    line = "dinput = -y_true / y_pred_clip + (1 - y_true) / (1 - y_pred_clip)) / n_output"
    try:
        compile(line, "<notes>", "exec")
    except SyntaxError as error:
        return False, f"SyntaxError ({error.msg}): one ')' too many."
    return True, "compiles"


def _balanced_cautionary_line_is_wrong_for_uint8() -> tuple[bool, str]:
    """(-y/ŷ + (1 − y)/(1 − ŷ)) / J with uint8 y, against the notes' -(y/ŷ − (1 − y)/(1 − ŷ))."""
    y_true, y_pred = np.array([[1]], dtype=np.uint8), np.array([[0.5]])
    wrong = (-y_true / y_pred + (1 - y_true) / (1 - y_pred)) / 1
    right = -(y_true / y_pred - (1 - y_true) / (1 - y_pred)) / 1
    return float(wrong[0, 0]) != float(right[0, 0]), (
        f"at y = uint8 1, ŷ = 0.5: {wrong[0, 0]} against the notes' line's {right[0, 0]} "
        "(= −1/0.5, correct)"
    )


CODE_CLAIMS: tuple[CodeClaim, ...] = (
    CodeClaim(DENSE, "self.dbias = np.dot(dvalue, np.ones((len(self.bias), len(self.bias))))",
              False, _dbias_by_ones_square,
              "self.dbias = np.dot(np.ones((1, len(dvalue))), dvalue) — the column sums"),
    CodeClaim(DENSE, "此处不要keepdims=True也行,因为按0维相加还是行向量", False,
              _sum_without_keepdims_is_row,
              "without keepdims the sum is 1-D, shape (b,); the update still broadcasts, but "
              "dbias no longer has bias's (1, b) shape"),
    CodeClaim(DENSE, "当input有多个sample时(一个矩阵输入),则dweight为多个axb矩阵相加", True,
              _dweight_is_sum_of_outer_products),
    CodeClaim(SOFTMAX, "np.dot(single_dvalue, jacobian_matrix)和np.dot(jacobian_matrix, "
              "single_dvalue) … 两都的计算方法不同,得到的值也不同", False, _jacobian_orders_differ,
              "the Jacobian is symmetric, so both orders give the same values"),
    CodeClaim(SOFTMAX, "因为向量没有转置(.T操作后还是与原来相同)", True, _transpose_of_1d_is_itself),
    CodeClaim(BCE, "(n_sample,)和(n_sample,1)一样都可以广播 … 所以下面的loss大小会变成"
              "(n_sample, n_sample)", True, _labels_broadcast_to_square),
    CodeClaim(BCE, "因为-y true优先级最高,而y true是uint8,-1=>255", True, _unary_minus_wraps_uint8),
    CodeClaim(BCE, "# self.dinput = -y true / y pred clip + (1 - y true) / (1 - y pred clip)) "
              "/ n output  (as code)", False, _cautionary_line_is_python,
              "# self.dinput = (-y_true / y_pred_clip + (1 - y_true) / (1 - y_pred_clip)) "
              "/ n_output"),
    CodeClaim(BCE, "千万不要与成下面这样 … (the line, parentheses balanced, is wrong for uint8)",
              True, _balanced_cautionary_line_is_wrong_for_uint8),
)
