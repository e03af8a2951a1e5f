"""Pieces every property uses: the property registry, the recorded comparison and the purity
check (arguments untouched, any memory layout gives the same answer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

from properties import verdict
from properties.adapter import Adapter
from properties.assertions import assert_close
from properties.strategies import LAYOUTS, in_layout

Property = Callable[[Adapter, st.DataObject], None]


def prop(op: str, family: str) -> Callable[[Property], Property]:
    """Register a property under the operation and check family the verdict report shows."""
    def register(check: Property) -> Property:
        check.op, check.family = op, family  # type: ignore[attr-defined]
        return check
    return register


def context(call: str, **sizes: int | str) -> str:
    return f"{call}({', '.join(f'{k}={v}' for k, v in sizes.items())})"


def check_close(name: str, got: Any, expected: Any, *, atol: np.ndarray | float,
                where: str, why: str) -> None:
    """assert_close whose worst error ratio also feeds the verdict report."""
    got = np.asarray(got)
    if got.shape != np.shape(expected):
        raise AssertionError(f"{name} has shape {got.shape}, but should have shape "
                             f"{np.shape(expected)} [{where}]")
    try:
        ratio = assert_close(got, expected, atol=atol, name=name, context=where, why=why)
    except AssertionError:
        verdict.observe(float("inf"))
        raise
    verdict.observe(ratio)


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
        if isinstance(old, np.ndarray) and not (old.shape == new.shape and
                                                np.array_equal(old, new, equal_nan=True)):
            raise AssertionError(f"{name} was modified by the call [{where}]")


def layout_variants(data: st.DataObject, *arrays: np.ndarray) -> tuple[str, list[np.ndarray]]:
    """The same arrays in one drawn memory layout (Fortran, strided view, read-only)."""
    layout = data.draw(st.sampled_from(LAYOUTS[1:]), label="layout")
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
