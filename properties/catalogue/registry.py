"""The property registry: the check families in their one order, the `prop` decorator that files a
property under its operation and family, and `context`, the [where] every message ends with."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from backprop_spec.properties.target.adapter import Adapter

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
    """`call(n=3, c=4)`: where a comparison was made, as its message's last bracket names it."""
    return f"{call}({', '.join(f'{k}={v}' for k, v in sizes.items())})"
