"""The comparison engine: every comparison a property makes is decided, raised and recorded here.
The engine (`assert_close`, `assert_equal_exact`, numpy only) says where, by how much, against what
allowance and why, in the style of numpy.testing; the `check_*` functions record the worst error
ratio and the failed comparison in the running test's `observations.Record`, which the report and the
replay snippet read (properties/verify/observation.py adds the snippet to the raised error as a
note).

Message shape (first line, then the details):
    dinput=0.3012 at index (1, 2), but should be 0.3013 [Activation_Softmax.backward(n=3, c=4)]
    mismatched: 2 of 12 entries
    worst: index (1, 2), abs diff 1.2e-07, rel diff 4.0e-07, allowed 3.1e-15
    tolerance: <why>
"""

from __future__ import annotations

from typing import Any, NoReturn

import numpy as np
from numpy.typing import ArrayLike

from backprop_spec.properties.numerics import observations


class Mismatch(AssertionError):
    """A failed comparison, with the index of the worst entry (what a replay prints)."""

    def __init__(self, message: str, index: tuple[int, ...]) -> None:
        super().__init__(message)
        self.index = index


def _index(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.unravel_index(flat, shape)) if shape else ()


def _nonfinite_agree(got: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Both NaN, or the same infinity."""
    both_nan = np.isnan(got) & np.isnan(expected)
    same_inf = np.isinf(got) & np.isinf(expected) & (np.sign(got) == np.sign(expected))
    return both_nan | same_inf


def _worst(mismatched: np.ndarray, ratio: np.ndarray, diff: np.ndarray,
           got_nonfinite: np.ndarray) -> int:
    """Flat index to report: the first non-finite got if any, else the largest ratio (ties, as
    with an allowance of 0, broken by the largest difference)."""
    if (mismatched & got_nonfinite).any():
        return int(np.argmax(mismatched & got_nonfinite))
    score = np.where(mismatched, ratio, -1.0)
    return int(np.argmax(np.where(score == score.max(), np.nan_to_num(diff, posinf=0.0), -1.0)))


def _report(
    name: str,
    got: np.ndarray,
    expected: np.ndarray,
    mismatched: np.ndarray,
    ratio: np.ndarray,
    allowed: np.ndarray,
    context: str,
    why: str,
) -> Mismatch:
    """The failure: its message (the worst mismatch, the counts, the tolerance and its reason)
    and the worst entry's index."""
    got64, expected64 = got.astype(np.float64), expected.astype(np.float64)
    with np.errstate(all="ignore"):
        diff = np.abs(got64 - expected64)
    bad_got = mismatched & ~np.isfinite(got64) & np.isfinite(expected64)
    worst = _worst(mismatched, ratio, diff, ~np.isfinite(got64))
    at = _index(worst, got.shape)
    e = float(expected64.flat[worst])
    abs_diff = float(diff.flat[worst])
    rel = abs_diff / abs(e) if e != 0 else (0.0 if abs_diff == 0 else float("inf"))
    lines = [
        f"{name}={got.flat[worst]} at index {at}, but should be {expected.flat[worst]} "
        f"[{context}]",
        f"mismatched: {int(mismatched.sum())} of {got.size} entries",
        f"worst: index {at}, abs diff {abs_diff:.2g}, rel diff {rel:.2g}, "
        f"allowed {float(allowed.flat[worst]):.2g}",
        f"tolerance: {why}",
    ]
    if bad_got.any():
        lines.append(f"non-finite: {int(bad_got.sum())} entries are NaN or inf where a finite "
                     f"value was expected, first at index {_index(int(np.argmax(bad_got)), got.shape)}")
    return Mismatch("\n".join(lines), at)


def _prepare(got: ArrayLike, expected: ArrayLike, name: str, context: str
             ) -> tuple[np.ndarray, np.ndarray]:
    got_array, expected_array = np.asarray(got), np.asarray(expected)
    if got_array.shape != expected_array.shape:
        raise AssertionError(f"{name} has shape {got_array.shape}, but should have shape "
                             f"{expected_array.shape} [{context}]")
    for array, role in ((got_array, "got"), (expected_array, "expected")):
        if array.dtype.kind not in "biuf":
            raise TypeError(f"{name}: {role} must be a real numeric array; got {array.dtype}")
    return got_array, expected_array


def assert_close(
    got: ArrayLike,
    expected: ArrayLike,
    *,
    atol: ArrayLike,
    name: str,
    context: str,
    why: str,
) -> float:
    """Assert |got − expected| ≤ atol entrywise (atol a scalar or a per-entry array from error
    analysis) and return the worst ratio |got − expected|/atol (≤ 1 on success) for the record.
    A non-finite got never passes against a finite expected. Agreeing non-finite values — NaN
    against NaN, an infinity against the same infinity — agree: both sides come from a target or
    a reference, so two calls that overflow alike (a reused object's loss against a fresh one's)
    are no mismatch. `why` states the tolerance's reason."""
    got_array, expected_array = _prepare(got, expected, name, context)
    allowed = np.broadcast_to(np.asarray(atol, dtype=np.float64), got_array.shape)
    if not (np.all(np.isfinite(allowed)) and np.all(allowed >= 0)):
        raise ValueError(f"{name}: atol must be finite and non-negative [{context}]")
    got64, expected64 = got_array.astype(np.float64), expected_array.astype(np.float64)
    with np.errstate(all="ignore"):
        diff = np.abs(got64 - expected64)
        ratio = np.where(diff == 0, 0.0, diff / allowed)
    finite = np.isfinite(got64) & np.isfinite(expected64)
    ratio = np.where(finite, ratio, np.where(_nonfinite_agree(got64, expected64), 0.0, np.inf))
    mismatched = ratio > 1
    if mismatched.any():
        raise _report(name, got_array, expected_array, mismatched, ratio, allowed, context, why)
    return float(ratio.max(initial=0.0))


def assert_equal_exact(
    got: ArrayLike,
    expected: ArrayLike,
    *,
    name: str,
    context: str,
    why: str,
) -> None:
    """Assert got equals expected bit for bit in value: equal entries, the same sign of zero, NaN
    where NaN and the same infinity (agreeing non-finite values agree, as in assert_close). Same
    message shape as assert_close, with allowed 0."""
    got_array, expected_array = _prepare(got, expected, name, context)
    got64, expected64 = got_array.astype(np.float64), expected_array.astype(np.float64)
    same = ((got64 == expected64) & (np.signbit(got64) == np.signbit(expected64))
            | np.isnan(got64) & np.isnan(expected64))
    mismatched = ~same
    if mismatched.any():
        ratio = np.where(mismatched, np.inf, 0.0)
        raise _report(name, got_array, expected_array, mismatched, ratio, np.zeros(got64.shape),
                      context, why)


def float64(array: Any) -> np.ndarray:
    """`array` in float64, the precision the checks compare in (SymPy's references are float64)."""
    return np.asarray(array, dtype=np.float64)


def passed(ratio: float) -> None:
    """Record a passing comparison's worst |got − expected|/allowed (≤ 1 within tolerance)."""
    observations.observe(ratio)


def fail(message: str, name: str, got: Any, index: tuple[int, ...] | None, expected_repr: str, *,
         other: Any = None, direction: np.ndarray | None = None, got_repr: str | None = None,
         ratio: float = float("inf"), statistic: str | None = None) -> NoReturn:
    """Record the failed comparison — `got` as the property held it (the very object, so the replay
    finds the call that gave it), wrong at `index` (None: in its shape), `other` the expected side
    when a call gave it, `direction` the v of a numeric check, `statistic` the expression in
    `{got}` the suite compared when it compared a value computed from got — and its error ratio;
    then raise."""
    observations.observe(ratio)
    values = np.array(got, copy=True)
    shown = got_repr or (repr(values.shape) if index is None else repr(values[index]))
    record = observations.current.get()
    if record is not None:
        record.compared = observations.Comparison(name, got, values, index, shown, expected_repr, other,
                                             direction, statistic)
    raise AssertionError(message) from None  # not chained to the engine's Mismatch: one message


def check_close(name: str, got: Any, expected: Any, *, atol: np.ndarray | float,
                where: str, why: str, parts: list[np.ndarray] | None = None) -> None:
    """assert_close, recorded: its worst ratio, or the failed comparison at the worst entry (`got`
    as given, so the call that produced it can be found; `parts` the arrays got concatenates along
    its first axis, each from its own call)."""
    given, got = got, np.asarray(got)
    if got.shape != np.shape(expected):
        fail(f"{name} has shape {got.shape}, but should have shape {np.shape(expected)} [{where}]",
             name, given, None, repr(np.shape(expected)))
    try:
        ratio = assert_close(got, expected, atol=atol, name=name, context=where, why=why)
    except Mismatch as mismatch:
        want = repr(np.asarray(expected)[mismatch.index])
        if parts is None:
            fail(str(mismatch), name, given, mismatch.index, want, other=expected)
        row, *rest = mismatch.index
        part = int(np.searchsorted(np.cumsum([len(p) for p in parts]), row, side="right"))
        start = sum(len(p) for p in parts[:part])
        fail(str(mismatch), name, parts[part], (row - start, *rest), want)
    passed(ratio)


def check_equal(name: str, got: Any, expected: np.ndarray, *, where: str, why: str) -> None:
    """assert_equal_exact, recorded: an entry that differs at all fails."""
    if np.shape(got) != expected.shape:
        fail(f"{name} has shape {np.shape(got)}, but should have shape {expected.shape} [{where}]",
             name, got, None, repr(expected.shape))
    try:
        assert_equal_exact(got, expected, name=name, context=where, why=why)
    except Mismatch as mismatch:
        fail(str(mismatch), name, got, mismatch.index, repr(expected[mismatch.index]))
    passed(0.0)


def check_unchanged(name: str, before: np.ndarray, after: Any, where: str) -> None:
    """`after` equals the copy `before` taken of it before a call, bit for bit (NaN where NaN)."""
    if before.shape != np.shape(after):
        fail(f"{name} was modified by the call [{where}]", f"{name} after the call", after, None,
             repr(before.shape))
    same = before == after
    if before.dtype.kind in "fc":
        same |= np.isnan(before) & np.isnan(after)
    if not same.all():
        index = tuple(int(i) for i in np.argwhere(~same)[0])
        fail(f"{name} was modified by the call [{where}]", f"{name} after the call", after, index,
             repr(before[index]))


def check_finite(name: str, value: np.ndarray, where: str, row_of: tuple[str, np.ndarray]) -> None:
    """Every entry of `value` finite; the first NaN or infinity fails, its message showing that
    sample's row of the argument `row_of` (name, array)."""
    if not np.isfinite(value).all():
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0])
        argument, array = row_of
        fail(f"{name}={value[index]} at index {index} for {argument}={array[index[0]].tolist()}, "
             f"but should be finite [{where}]", name, value, index, "a finite value")


def check_shape(name: str, got: Any, allowed: tuple[tuple[int, ...], ...], where: str) -> None:
    """`got` has one of the `allowed` shapes (a convention lets the target choose among them)."""
    if np.shape(got) not in allowed:
        wanted = " or ".join(map(str, allowed))
        fail(f"{name} has shape {np.shape(got)}, but should be {wanted} [{where}]", name, got, None,
             wanted)


def check_within(name: str, values: ArrayLike, low: float, high: float, *, got: Any,
                 at: ArrayLike, expected: str, message: str) -> None:
    """low ≤ every one of `values` ≤ high, value k read from `got` at index at[k]; the first
    outside fails with `message` (`expected`: what the entry should be)."""
    inside = (np.asarray(values) >= low) & (np.asarray(values) <= high)
    if not inside.all():
        index = tuple(int(i) for i in np.asarray(at)[np.argmin(inside)])
        fail(message, name, got, index, expected)
    passed(0.0)
