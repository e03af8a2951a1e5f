"""The edge-case record and the helpers its probes use to describe what code did.

A probe runs the notes' literal code or impl/ on an edge case's triggering input and returns a
sentence built from what came out: values, dtypes, exception type and message, NaN/inf and the
warnings NumPy raised. SPEC.md's "notes' code" and "impl/" columns are these sentences, so they
are measured, never typed. Numbers are shown to 4 significant digits (SPEC.md must not change
with the last bit of a CPU's exp), ±0 as 0; output is the same under NumPy 1.26 and 2.x.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

Probe = Callable[[], str]


@dataclass(frozen=True)
class EdgeCase:
    """One pitfall: where it is, what triggers it, what each implementation does, what PyTorch
    does (a cited fact) and the test in tests/impl/test_edge_cases*.py that pins impl/'s part."""

    key: str
    operation: str  # an operation name of spec.operations.GRADIENTS, or BATCH
    title: str
    trigger: str  # the input, in words and code
    why: str  # why it matters, and how it arises in normal use
    notes: Probe | None  # runs spec.notes_code on the trigger; None beyond the notes (the book's layers)
    impl: Probe  # runs impl/ on the trigger
    pytorch: str
    pinned_by: str  # pytest node id in one of PINNED_MODULES

    def observed(self) -> tuple[str | None, str]:
        """(notes' code, impl/) outcomes, each run once with its warnings recorded; None for the
        notes' code of a layer the notes do not have."""
        return (None if self.notes is None else outcome(self.notes)), outcome(self.impl)


BATCH = "Every operation"  # the section for batch shapes, class counts and NumPy versions
PINNED_MODULE = "tests/impl/test_edge_cases.py"
BOOK_PINNED_MODULE = "tests/impl/test_edge_cases_book.py"  # the book's layers beyond the notes
PINNED_MODULES = (PINNED_MODULE, BOOK_PINNED_MODULE)


def pinned(test_name: str, module: str = PINNED_MODULE) -> str:
    """The node id of a test in a pinned-test module."""
    return f"{module}::{test_name}"


def number(value: Any) -> str:
    """One number: nan, inf, -inf, an integer as is, a float to 4 significant digits."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    value = float(value)
    if np.isnan(value):
        return "nan"
    if value == 0:
        return "0"
    return f"{value:.4g}"


def values(array: Any) -> str:
    """An array's values as nested brackets, e.g. [[0, 5, 5]]."""
    array = np.asarray(array)
    if array.ndim == 0:
        return number(array[()])
    return "[" + ", ".join(values(row) for row in array) + "]"


def show(array: Any) -> str:
    """Values, shape when not obvious from them (empty arrays), and dtype."""
    array = np.asarray(array)
    shape = f" shape {array.shape}" if array.size == 0 else ""
    return f"`{values(array)}`{shape} {array.dtype}"


def attempt(call: Callable[[], str]) -> str:
    """call()'s description, or what it raised: 'raises TypeError: message'."""
    try:
        return call()
    except Exception as error:  # the probe reports whatever it is
        return f"raises {type(error).__name__}: {error}"


def outcome(probe: Probe) -> str:
    """The probe's sentence, or the exception it raised, plus any warnings NumPy gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with np.errstate(divide="warn", over="warn", invalid="warn", under="ignore"):  # defaults
            text = attempt(probe)
    # NumPy 1.26 ends some messages with a period that 2.x dropped ("Mean of empty slice.")
    messages = list(dict.fromkeys(f"{w.category.__name__}: {str(w.message).rstrip('.')}"
                                  for w in caught))
    return text + "".join(f" ⚠ {message}" for message in messages)
