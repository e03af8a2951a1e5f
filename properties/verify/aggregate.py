"""The verdict aggregated from test reports (properties/verify/observation.py says what each
carries): one row per operation × check family, the conventions, the target's roles with their
status and the failures — the same from a serial run's reports as from an xdist controller's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from properties.discovery import BOOK_NAMES, ROLES
from properties.registry import FAMILIES
from properties.verify.observation import OBSERVATION, RUN, Failure, Observation, TargetRecord


@dataclass
class Row:
    """One operation × check family."""

    passed: int = 0
    failed: int = 0
    skipped: int = 0  # the operation is optional and the target lacks it
    worst: float = 0.0  # largest |got − expected| / allowed seen; ≤ 1 means within tolerance
    failures: list[tuple[int, Failure]] = field(default_factory=list)  # (collection order, failure)

    @property
    def runs(self) -> int:
        return self.passed + self.failed

    @property
    def status(self) -> str:
        return "FAIL" if self.failed else "pass" if self.passed else "absent"


@dataclass
class Verdict:
    """Everything the report prints, built up one test report at a time."""

    rows: dict[tuple[str, str], Row] = field(default_factory=dict)
    conventions: dict[str, set[str]] = field(default_factory=dict)
    target: TargetRecord | None = None

    def add(self, report: Any) -> None:
        """Take in a test report's observation and run facts, if it carries any."""
        for name, value in getattr(report, "user_properties", ()):
            if name == OBSERVATION:
                self._observe(Observation.from_json(value))
            elif name == RUN:
                run = TargetRecord.from_json(value)
                self.target = run if self.target is None else self.target.merged(run)

    def _observe(self, seen: Observation) -> None:
        row = self.rows.setdefault((seen.op, seen.family), Row())
        if seen.outcome == "skipped":
            row.skipped += 1
        elif seen.outcome == "passed":
            row.passed += 1
        else:
            row.failed += 1
        row.worst = max(row.worst, seen.worst)
        if seen.failure is not None:
            row.failures.append((seen.order, seen.failure))
        for name, choice in seen.conventions:
            self.conventions.setdefault(name, set()).add(choice)

    def table(self) -> list[tuple[str, str, Row]]:
        """(operation, family, row) by operation name, then in the families' order."""
        order = {family: i for i, family in enumerate(FAMILIES)}
        keys = sorted(self.rows, key=lambda key: (key[0], order.get(key[1], len(order)), key[1]))
        return [(op, family, self.rows[op, family]) for op, family in keys]

    def failures(self) -> list[tuple[str, str, Failure]]:
        """(operation, family, failure) in the table's order, a row's in the collection's order."""
        return [(op, family, failure) for op, family, row in self.table()
                for _, failure in sorted(row.failures, key=lambda pair: pair[0])]

    def role_status(self, role: str) -> str:
        """pass / FAIL / absent / not run, from the rows of the role's operation."""
        if self.target is not None and role not in self.target.roles:
            return "absent"
        rows = [row for (op, _), row in self.rows.items() if op == BOOK_NAMES[role]]
        if any(row.failed for row in rows):
            return "FAIL"
        if any(row.passed for row in rows):
            return "pass"
        return "not run"

    def role_statuses(self) -> dict[str, str]:
        return {role: self.role_status(role) for role in ROLES}
