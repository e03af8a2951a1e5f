"""Fixed draws for a property: the properties draw through Hypothesis's `st.data()`, which
`@example` cannot supply, so `FixedDraws` hands a property recorded values in order and the property
runs unchanged (the smoke pass, the past-failure cases)."""

from __future__ import annotations

from typing import Any


class FixedDraws:
    """A stand-in for Hypothesis's data object that returns recorded values in order."""

    def __init__(self, *values: Any) -> None:
        self.values = list(values)

    def draw(self, strategy: Any, label: str | None = None) -> Any:
        if not self.values:
            raise AssertionError(f"the property drew more than was recorded (at {label!r})")
        return self.values.pop(0)

    def check_all_used(self) -> None:
        """A recorded draw left over means the property changed its draws: the case is stale."""
        assert not self.values, f"{len(self.values)} recorded draws were not used: {self.values}"


def run_with_draws(check: Any, target: Any, draws: tuple[Any, ...], exact: bool = True) -> None:
    """Run the property `check` on `target` (an Adapter) with these recorded draws, as a fresh
    example, and insist that it used every one (unless not `exact`: with input classes switched
    off, a property may end before its last draw)."""
    target.new_example()
    fixed = FixedDraws(*draws)
    check(target, fixed)
    if exact:
        fixed.check_all_used()
