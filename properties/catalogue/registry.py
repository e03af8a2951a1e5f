"""The property registry: the check families in their one order, the `prop` decorator that files a
property under its operation and family, and `context`, the [where] every message ends with."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from backprop_spec.properties.target.adapter import Adapter

Check = Callable[[Adapter, st.DataObject], None]  # a property's function; index.Property records one


# the operation of the penalty a loss class computes (the book's Loss.regularization_loss): the
# binding files its findings under the loss class that has the method, never under the Dense
PENALTY = "Loss.regularization_loss"

# the check families, in the one order the catalogue runs (cheap, discriminating first, so that
# `pytest -x` rejects a broken target quickly) and the report lists them
FAMILIES = ("symbolic", "pitfalls", "purity", "invariants", "numeric")


def prop(op: str, family: str) -> Callable[[Check], Check]:
    """Register a property under the operation and check family the verdict report shows."""
    if family not in FAMILIES:
        raise ValueError(f"prop: family must be one of {', '.join(FAMILIES)}; got {family!r}")

    def register(check: Check) -> Check:
        check.op, check.family = op, family  # type: ignore[attr-defined]
        return check
    return register


def context(call: str, **sizes: int | str) -> str:
    """`call(n=3, c=4)`: where a comparison was made, as its message's last bracket names it."""
    return f"{call}({', '.join(f'{k}={v}' for k, v in sizes.items())})"
