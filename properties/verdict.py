"""What the properties observed while a test ran, for the verdict report: the worst error
(as a fraction of the allowed error), the conventions the target chose, and a pasteable
reproduction of the last failure. tests/ sets `current` around each test and prints the table."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import Any

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
TARGET: dict[str, Any] = {}
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


def describe_target(spec: str, how: str, events: tuple[str, ...], bindings: dict[str, Any],
                    absent: tuple[str, ...]) -> None:
    """Keep what the report prints first: the target, how it was loaded, its role map."""
    TARGET.update(spec=spec, how=how, events=events, bindings=bindings, absent=absent)


def _literal(value: object) -> str:
    if isinstance(value, np.ndarray):
        body = np.array2string(value, separator=", ", precision=17, threshold=10**6)
        return f"np.array({body}, dtype={value.dtype.name!r})"
    return repr(value)


def reproduce(spec: str, bindings: dict[str, Any], log: list[Any], limit: int = 12) -> str:
    """A snippet to paste into Python: load the target as the suite did, then the example's
    calls on the learner's own classes, in order, printing what each read back (the first
    `limit` steps; the rest are counted)."""
    lines = ["import numpy as np", "from properties.loading import load",
             f"module = load({spec!r}).module"]
    roles: dict[int, str] = {}
    for event in log[:limit]:
        obj = f"obj{event.obj}"
        if event.kind == "new":
            roles[event.obj] = event.name
            binding = bindings[event.name]
            args = [repr(a) for a in event.args] + [f"{k}={v!r}" for k, v in binding.init_kwargs.items()]
            lines.append(f"{obj} = module.{binding.name}({', '.join(args)})")
        elif event.kind == "set":
            lines.append(f"{obj}.{event.name} = {_literal(event.args[0])}")
        elif event.kind == "call":
            args = [_literal(a) for a in event.args] + [f"{k}={v!r}" for k, v in event.kwargs]
            call = f"{obj}.{event.name}({', '.join(args)})"
            role = roles.get(event.obj, "")
            returns = role in ("cce", "bce", "fused") and event.name == bindings[role].forward
            lines.append(f"print({call})" if returns else call)
        else:
            lines.append(f"print({obj}.{event.name})")
    if len(log) > limit:
        lines.append(f"# … and {len(log) - limit} further steps of the same example")
    return "\n".join(lines)
