"""Surviving mutants of impl/ that no test can kill, each with the reason it behaves like impl/.

An entry names the mutated function (module.Class.method), the line as impl/ writes it and the
line as the mutant writes it (stripped, as `mutmut show` prints them). run_mutmut.py matches the
survivors on these three, so an entry outlives mutmut's renumbering of its mutants, and goes stale
— reported, and failing the run — when the line changes in impl/ or a test starts killing it."""

from __future__ import annotations

from typing import NamedTuple


class Equivalent(NamedTuple):
    function: str
    before: str
    after: str
    reason: str


EQUIVALENT: list[Equivalent] = []
