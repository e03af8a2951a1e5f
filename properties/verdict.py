"""What the properties observed while a test ran, for the verdict report: the worst error
(as a fraction of the allowed error), the conventions the target chose, and a pasteable
reproduction of the last failure. tests/ sets `current` around each test and prints the table."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Row:
    """One operation × check family."""

    passed: int = 0
    failed: int = 0
    worst: float = 0.0  # largest |got − expected| / allowed seen; ≤ 1 means within tolerance
    failures: list[str] = field(default_factory=list)
    absent: bool = False  # the operation is optional and the target lacks it


ROWS: dict[tuple[str, str], Row] = {}
CONVENTIONS: dict[str, set[str]] = {}
current: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar(
    "current", default=None)


def row(key: tuple[str, str]) -> Row:
    return ROWS.setdefault(key, Row())


def observe(ratio: float) -> None:
    """Record an error ratio against the operation × family of the running test."""
    key = current.get()
    if key is not None and np.isfinite(ratio):
        entry = row(key)
        entry.worst = max(entry.worst, ratio)
    elif key is not None:
        row(key).worst = float("inf")


def convention(name: str, choice: str) -> None:
    """Record a convention the target chose (ReLU at 0, dbias shape, dtype preservation)."""
    CONVENTIONS.setdefault(name, set()).add(choice)


def _literal(value: object) -> str:
    if isinstance(value, np.ndarray):
        body = np.array2string(value, separator=", ", precision=17, threshold=10**6)
        return f"np.array({body}, dtype={value.dtype.name!r})"
    return repr(value)


def reproduce(target: str, method: str, args: list[object]) -> str:
    """A snippet one can paste into a Python prompt: load the target, make the call again."""
    lines = ["import numpy as np", "from properties.adapter import Adapter, load_target",
             f"target = Adapter(load_target({target!r}))"]
    names = [f"arg{i}" for i in range(len(args))]
    lines += [f"{name} = {_literal(value)}" for name, value in zip(names, args)]
    lines.append(f"print(target.{method}({', '.join(names)}))")
    return "\n".join(lines)
