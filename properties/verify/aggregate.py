"""The verdict aggregated from test reports (properties/verify/observation.py says what each
carries): one row per operation × check family, the conventions, the target's roles with their
status and the failures — the same from a serial run's reports as from an xdist controller's."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from backprop_spec.properties.catalogue.registry import FAMILIES
from backprop_spec.properties.target.discovery import BOOK_NAMES, ROLES
from backprop_spec.properties.verify.diagnosis import Cause as DiagnosedCause
from backprop_spec.properties.verify.diagnosis import Diagnosis
from backprop_spec.properties.verify.observation import OBSERVATION, RUN, Failure, Observation, TargetRecord
from backprop_spec.spec.input_classes import BY_KEY as CLASSES


def class_name(key: str) -> str:
    return CLASSES[key].name


def class_link(key: str) -> str:
    """Where the class is defined: its entry in SPEC.md's "Input classes"."""
    return f"SPEC.md#{CLASSES[key].anchor}"


@dataclass(frozen=True)
class Cause:
    """One root cause of a role's failures (diagnosis.Cause) and the failing properties it
    explains, grouped over the role's properties."""

    found: DiagnosedCause
    tests: tuple[str, ...]

    def name(self) -> str:
        names = [class_name(k) for k in self.found.classes]
        if not self.found.narrowed:
            return "inputs not narrowed down (the example met: " + (", ".join(names) or "none") + ")"
        return " together with ".join(names)

    def describe(self) -> str:
        """The cause with each class's definition (spec/ ships it, so a pip user has it too)."""
        links = ", ".join(class_link(k) for k in self.found.classes)
        defined = "; ".join(CLASSES[k].definition for k in self.found.classes) if self.found.narrowed else ""
        crash = f"; crashes: {self.found.crash}" if self.found.crash else ""
        return f"{self.name()} [{links}]" + (f": {defined}" if defined else "") + crash


@dataclass(frozen=True)
class RoleDiagnosis:
    """A role's one line: correct; correct on ordinary inputs, broken by input classes; wrong on
    ordinary inputs (with the smallest failing case); crashes on them; or not judged."""

    role: str
    status: str  # correct, broken, wrong, crashes, failed, absent, not run
    causes: tuple[Cause, ...] = ()
    case: Failure | None = None  # the smallest ordinary failing case
    crash: str | None = None

    def line(self) -> str:
        if self.status == "correct":
            return "correct"
        if self.status == "broken":
            return "correct on ordinary inputs, broken by: " + "; ".join(c.name() for c in self.causes)
        if self.status == "crashes":
            return f"crashes on ordinary inputs: {self.crash}"
        if self.status == "wrong":
            return "wrong on ordinary inputs — smallest failing case: " + (self.case.message if self.case
                                                                           else "(not recorded)")
        if self.status == "failed":
            return ("fails, not diagnosed (the role cannot be called, only a fixed smoke case failed, "
                    "or --no-diagnosis): " + (self.case.message if self.case else "(no message)"))
        return self.status

    def to_json(self) -> dict[str, Any]:
        return {"role": self.role, "status": self.status, "line": self.line(),
                "causes": [{"classes": list(c.found.classes), "together": c.found.together,
                            "narrowed": c.found.narrowed, "crash": c.found.crash,
                            "tests": list(c.tests)} for c in self.causes],
                "case": self.case.to_json() if self.case else None, "crash": self.crash}


def role_diagnosis(role: str, status: str, diagnosed: list[tuple[str, Diagnosis]],
                   first_failure: Failure | None = None) -> RoleDiagnosis:
    """The role's line from its status, its failing searches' diagnoses (test name, diagnosis)
    and, when none was diagnosed, its first failure."""
    if status != "FAIL":
        return RoleDiagnosis(role, {"pass": "correct"}.get(status, status))
    ordinary = [(name, d) for name, d in diagnosed if d.ordinary]
    if ordinary:
        _, wrong = ordinary[0]
        case = Failure.from_json(wrong.case) if wrong.case else None
        return RoleDiagnosis(role, "crashes" if wrong.crash else "wrong", case=case, crash=wrong.crash)
    if not diagnosed:
        return RoleDiagnosis(role, "failed", case=first_failure)
    groups: dict[tuple[tuple[str, ...], bool, bool], tuple[DiagnosedCause, list[str]]] = {}
    for name, d in diagnosed:
        for cause in d.causes:
            key = (cause.classes, cause.together, cause.narrowed)
            kept, tests = groups.setdefault(key, (cause, []))
            if kept.crash is None and cause.crash is not None:
                groups[key] = (cause, tests)  # the group's crash, where one of its failures raised
            tests.append(name)
    return RoleDiagnosis(role, "broken", tuple(Cause(cause, tuple(tests))
                                               for cause, tests in groups.values()))


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
    diagnosed: dict[str, list[tuple[int, str, Diagnosis]]] = field(default_factory=dict)  # by op
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
            if seen.diagnosis is not None:
                self.diagnosed.setdefault(seen.op, []).append((seen.order, seen.failure.name,
                                                               seen.diagnosis))
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

    def diagnosis(self, role: str) -> RoleDiagnosis:
        """The role's diagnosis line, from its failing searches in the collection's order."""
        found = sorted(self.diagnosed.get(BOOK_NAMES[role], []), key=lambda t: t[0])
        first = next((f for op, _, f in self.failures() if op == BOOK_NAMES[role]), None)
        return role_diagnosis(role, self.role_status(role), [(name, d) for _, name, d in found], first)
