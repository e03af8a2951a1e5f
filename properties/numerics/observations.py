"""What the properties observe while a test runs, for the verdict report: the worst error (as a
fraction of the allowed error), the conventions the target chose and the comparison that failed
(properties/numerics/compare.py records it), kept in the running test's `Record`
(properties/verify/observation.py sets one around each test)."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(eq=False)
class Comparison:
    """The comparison that failed: `got` as the suite held it (the very object, so the call that
    produced it can be found in the target's log), its values then, the worst index and both
    sides' reprs. `other` is the expected side when a call of the target gave it too; `direction`
    the v of a numeric check, whose compared value is ⟨got, v⟩ rather than an entry; `statistic`
    an expression in `{got}` for a value the suite computed from got (Dropout's kept fraction)."""

    name: str
    got: Any
    values: np.ndarray
    index: tuple[int, ...] | None  # None: the shape was compared
    got_repr: str
    expected_repr: str
    other: Any = None
    direction: np.ndarray | None = None
    statistic: str | None = None


@dataclass
class Record:
    """What one test observed, over all its examples."""

    worst: float = 0.0  # largest |got − expected| / allowed seen; ≤ 1 means within tolerance
    conventions: set[tuple[str, str]] = field(default_factory=set)  # (convention, the choice)
    compared: Comparison | None = None  # the running example's failed comparison


current: contextvars.ContextVar[Record | None] = contextvars.ContextVar("current", default=None)


def observe(ratio: float) -> None:
    """Record an error ratio against the running test (an unbounded one as inf)."""
    record = current.get()
    if record is not None:
        record.worst = max(record.worst, float(ratio)) if np.isfinite(ratio) else float("inf")


def new_example() -> None:
    """A new example starts: an earlier example's failed comparison no longer describes the log."""
    record = current.get()
    if record is not None:
        record.compared = None


def convention(name: str, choice: str) -> None:
    """Record a convention the target chose (ReLU at 0, dbias shape, dtype preservation)."""
    record = current.get()
    if record is not None:
        record.conventions.add((name, choice))
