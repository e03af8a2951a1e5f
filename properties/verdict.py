"""What the properties observe while a test runs, for the verdict report: the worst error (as a
fraction of the allowed error) and the conventions the target chose, kept in the running test's
`Record` (properties/verify/observation.py sets one around each test); and a pasteable
reproduction of a failing example."""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class Record:
    """What one test observed, over all its examples."""

    worst: float = 0.0  # largest |got − expected| / allowed seen; ≤ 1 means within tolerance
    conventions: set[tuple[str, str]] = field(default_factory=set)  # (convention, the choice)


current: contextvars.ContextVar[Record | None] = contextvars.ContextVar("current", default=None)


def observe(ratio: float) -> None:
    """Record an error ratio against the running test (an unbounded one as inf)."""
    record = current.get()
    if record is not None:
        record.worst = max(record.worst, float(ratio)) if np.isfinite(ratio) else float("inf")


def convention(name: str, choice: str) -> None:
    """Record a convention the target chose (ReLU at 0, dbias shape, dtype preservation)."""
    record = current.get()
    if record is not None:
        record.conventions.add((name, choice))


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
