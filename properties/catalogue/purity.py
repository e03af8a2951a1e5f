"""Purity: a call leaves its arguments as they were, and any memory layout of them (Fortran order,
a strided view, read-only) gives the contiguous layout's results."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.inputs.classify import allowed
from backprop_spec.properties.inputs.strategies import LAYOUTS, in_layout
from backprop_spec.properties.numerics.compare import check_close, check_unchanged, float64
from backprop_spec.properties.numerics.tolerances import BETWEEN_TWO


def snapshot(*arrays: Any) -> list[Any]:
    """A copy of each array argument, taken before a call (other arguments as they are)."""
    return [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in arrays]


def check_untouched(before: list[Any], after: tuple[Any, ...], names: tuple[str, ...],
                    where: str) -> None:
    """Every array argument equals its snapshot taken before the call, bit for bit."""
    for old, new, name in zip(before, after, names):
        if isinstance(old, np.ndarray):
            check_unchanged(name, old, new, where)


def loss_leaves_its_arguments_alone(target: Any, op: str, y_pred: np.ndarray, labels: np.ndarray,
                                    where: str) -> None:
    """A loss's forward and backward leave y_pred and y_true as they were, and accept read-only
    ones (while that input class is on)."""
    before = snapshot(y_pred, labels)
    with np.errstate(all="ignore"):
        for job, call in (("forward", target.loss_forward), ("backward", target.loss_backward)):
            call(op, y_pred, labels)
            check_untouched(before, (y_pred, labels), ("y_pred", "y_true"), f"{where}, {job}")
        if not allowed("layouts"):
            return
        frozen = [np.array(a, copy=True) for a in (y_pred, labels)]
        for array in frozen:
            array.flags.writeable = False
        target.loss_forward(op, *frozen)
        target.loss_backward(op, *frozen)


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
        check_close(name, np.reshape(got, np.shape(want)), float64(want),
                    atol=BETWEEN_TWO * np.asarray(atol), where=where,
                    why="same values in another memory layout; each result within its own error "
                        "bound of the truth, so within twice of each other")
