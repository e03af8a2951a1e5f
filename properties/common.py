"""Pieces every property uses: the property registry, the recorded comparison and the purity
check (arguments untouched, any memory layout gives the same answer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

from properties import verdict
from properties.adapter import Adapter
from properties.assertions import Mismatch, assert_close
from properties.input_classes import allowed
from properties.strategies import LAYOUTS, in_layout

Property = Callable[[Adapter, st.DataObject], None]


# the check families, in the one order the catalogue runs (cheap, discriminating first, so that
# `pytest -x` rejects a broken target quickly) and the report lists them
FAMILIES = ("symbolic", "pitfalls", "purity", "invariants", "numeric")


def prop(op: str, family: str) -> Callable[[Property], Property]:
    """Register a property under the operation and check family the verdict report shows."""
    if family not in FAMILIES:
        raise ValueError(f"prop: family must be one of {', '.join(FAMILIES)}; got {family!r}")

    def register(check: Property) -> Property:
        check.op, check.family = op, family  # type: ignore[attr-defined]
        return check
    return register


def context(call: str, **sizes: int | str) -> str:
    return f"{call}({', '.join(f'{k}={v}' for k, v in sizes.items())})"


def check_close(name: str, got: Any, expected: Any, *, atol: np.ndarray | float,
                where: str, why: str, parts: list[np.ndarray] | None = None) -> None:
    """assert_close whose worst error ratio feeds the verdict report, and whose failure the
    report's replay prints (`got` as given, so the call that produced it can be found; `parts`
    the arrays got concatenates along its first axis, each from its own call)."""
    given, got = got, np.asarray(got)
    if got.shape != np.shape(expected):
        verdict.mismatch(name, given, None, repr(np.shape(expected)))
        raise AssertionError(f"{name} has shape {got.shape}, but should have shape "
                             f"{np.shape(expected)} [{where}]")
    try:
        ratio = assert_close(got, expected, atol=atol, name=name, context=where, why=why)
    except Mismatch as mismatch:
        verdict.observe(float("inf"))
        want = repr(np.asarray(expected)[mismatch.index])
        if parts is None:
            verdict.mismatch(name, given, mismatch.index, want, other=expected)
        else:
            row, *rest = mismatch.index
            part = int(np.searchsorted(np.cumsum([len(p) for p in parts]), row, side="right"))
            start = sum(len(p) for p in parts[:part])
            verdict.mismatch(name, parts[part], (row - start, *rest), want)
        raise
    verdict.observe(ratio)


def first_nonfinite(array: np.ndarray) -> tuple[int, ...]:
    """The index of the first NaN or infinity in `array` (which has one)."""
    return tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])


def record_dtype(op: str, given: np.dtype, **results: Any) -> None:
    """Report whether float32 arguments give float32 results (a convention, not a failure)."""
    if given == np.float32:
        dtypes = {name: np.asarray(r).dtype for name, r in results.items()}
        choice = "float32 kept" if set(dtypes.values()) == {np.dtype(np.float32)} else \
            "float32 in: " + ", ".join(f"{name} {dtype}" for name, dtype in dtypes.items())
        verdict.convention(f"dtype of {op}", choice)


def float64(array: np.ndarray) -> np.ndarray:
    return np.asarray(array, dtype=np.float64)


def snapshot(*arrays: Any) -> list[Any]:
    return [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in arrays]


def check_untouched(before: list[Any], after: tuple[Any, ...], names: tuple[str, ...],
                    where: str) -> None:
    """Every argument equals its copy taken before the call, bit for bit."""
    for old, new, name in zip(before, after, names):
        if not isinstance(old, np.ndarray):
            continue
        if old.shape != np.shape(new):
            verdict.mismatch(f"{name} after the call", new, None, repr(old.shape))
            raise AssertionError(f"{name} was modified by the call [{where}]")
        changed = ~((old == new) | (np.isnan(old) & np.isnan(new)) if old.dtype.kind in "fc" else old == new)
        if changed.any():
            index = tuple(int(i) for i in np.argwhere(changed)[0])
            verdict.mismatch(f"{name} after the call", new, index, repr(old[index]))
            raise AssertionError(f"{name} was modified by the call [{where}]")


def layout_variants(data: st.DataObject, *arrays: np.ndarray) -> tuple[str, list[np.ndarray]]:
    """The same arrays in one drawn memory layout (Fortran, strided view, read-only; C-contiguous
    while that input class is switched off)."""
    layout = data.draw(st.sampled_from(LAYOUTS[1:] if allowed("layouts") else LAYOUTS[:1]),
                       label="layout")
    return layout, [in_layout(a, layout) for a in arrays]


def same_in_every_layout(compute: Callable[..., tuple[np.ndarray, ...]], names: tuple[str, ...],
                         data: st.DataObject, arrays: tuple[np.ndarray, ...],
                         atols: tuple[np.ndarray | float, ...], where: str) -> None:
    """Results for Fortran-ordered, strided or read-only arguments equal those for contiguous
    ones, and the arguments are untouched. Each result may differ from the contiguous one by twice
    its own error bound `atols` (SIMD and strided loops, BLAS kernels, round differently)."""
    reference = compute(*arrays)
    layout, variants = layout_variants(data, *arrays)
    before = snapshot(*variants)
    results = compute(*variants)
    where = f"{where}, {layout} arguments"
    check_untouched(before, tuple(variants), names, where)
    for name, got, want, atol in zip(("output", "dinput", "dweight", "dbias"), results, reference,
                                     atols):
        check_close(name, np.reshape(got, np.shape(want)), float64(want), atol=2 * np.asarray(atol),
                    where=where, why="same values in another memory layout; each result within "
                                     "its own error bound of the truth, so within twice of each other")
