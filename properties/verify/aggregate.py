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
from backprop_spec.spec.input_classes import BEYOND_CONTRACT
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
        return " together with ".join(names) + (" (a robustness note)" if self.beyond_contract else "")

    @property
    def beyond_contract(self) -> bool:
        """Every class of the cause lies beyond the training contract: alone, a robustness note."""
        return self.found.narrowed and set(self.found.classes) <= BEYOND_CONTRACT

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
    status: str  # correct, fragile, broken, wrong, crashes, failed, absent, not run
    causes: tuple[Cause, ...] = ()
    case: Failure | None = None  # the smallest ordinary failing case
    crash: str | None = None
    met: tuple[str, ...] = ()  # fragile and undiagnosed: the classes its failing examples met

    def line(self) -> str:
        if self.status == "correct":
            return "correct"
        if self.status == "fragile":
            names = [c.name().removesuffix(" (a robustness note)") for c in self.causes] or [
                class_name(k) for k in self.met]
            return ("correct in training; fragile with: " + "; ".join(names)
                    + " (beyond the training contract: --strict counts it)")
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
                            "narrowed": c.found.narrowed, "beyond_contract": c.beyond_contract,
                            "crash": c.found.crash, "tests": list(c.tests)} for c in self.causes],
                "case": self.case.to_json() if self.case else None, "crash": self.crash}


def role_diagnosis(role: str, status: str, diagnosed: list[tuple[str, Diagnosis]],
                   first_failure: Failure | None = None, met: tuple[str, ...] = ()) -> RoleDiagnosis:
    """The role's line from its status, its failing searches' diagnoses (test name, diagnosis)
    and, when none was diagnosed, its first failure; a pass* role's failures all lie beyond the
    training contract (`met`: the classes its undiagnosed failing examples met)."""
    if status == "pass*":
        found = role_diagnosis(role, "FAIL", diagnosed, first_failure)
        return RoleDiagnosis(role, "fragile", found.causes, met=met)
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
    failures: list[Observation] = field(default_factory=list)  # the failed tests' observations

    @property
    def runs(self) -> int:
        return self.passed + self.failed


@dataclass
class Verdict:
    """Everything the report prints, built up one test report at a time."""

    rows: dict[tuple[str, str], Row] = field(default_factory=dict)
    diagnosed: dict[str, list[tuple[int, str, Diagnosis]]] = field(default_factory=dict)  # by op
    conventions: dict[str, set[str]] = field(default_factory=dict)
    target: TargetRecord | None = None
    strict: bool = False  # --strict: a failure beyond the training contract counts as one inside
    complete: bool = True  # False when the run stopped early (-x): no failure can be excused then

    def beyond(self, seen: Observation) -> bool:
        """Whether a failure lies beyond the training contract. A diagnosed search says so by its
        causes. A fixed case (a smoke case, or any failure under --no-diagnosis) goes by the
        diagnosis of the same property's search where there is one — a smoke case meets several
        classes at once, and an in-place write shows in no argument — and otherwise by the
        classes its example met, all beyond the contract (in doubt: inside)."""
        if seen.diagnosis is not None:
            return bool(seen.beyond_contract())
        searched = [o.beyond_contract() for row in self.rows.values() for o in row.failures
                    if o.diagnosis is not None and (o.op, o.check) == (seen.op, seen.check)]
        if searched:
            return all(searched)
        return bool(seen.beyond_contract())

    def counts(self, seen: Observation) -> bool:
        """Whether a failure fails its role: every one does under --strict or after an early stop."""
        return self.strict or not self.complete or not self.beyond(seen)

    def row_status(self, row: Row) -> str:
        """FAIL; pass* (every failure beyond the training contract); pass; absent."""
        if any(self.counts(seen) for seen in row.failures):
            return "FAIL"
        return "pass*" if row.failed else "pass" if row.passed else "absent"

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
            row.failures.append(seen)
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
        """(operation, family, failure) in the table's order, a row's in the collection's order:
        the failures that fail their role (notes() has the others)."""
        return [(op, family, failure) for op, family, failure, counts in self._failures() if counts]

    def notes(self) -> list[tuple[str, str, Failure]]:
        """The failures beyond the training contract that fail no role (not under --strict)."""
        return [(op, family, failure) for op, family, failure, counts in self._failures() if not counts]

    def _failures(self) -> list[tuple[str, str, Failure, bool]]:
        return [(op, family, seen.failure, self.counts(seen)) for op, family, row in self.table()
                for seen in sorted(row.failures, key=lambda seen: seen.order) if seen.failure]

    def role_status(self, role: str) -> str:
        """pass / pass* / FAIL / absent / not run, from the rows of the role's operation."""
        if self.target is not None and role not in self.target.roles:
            return "absent"
        statuses = {self.row_status(row) for (op, _), row in self.rows.items() if op == BOOK_NAMES[role]}
        for status in ("FAIL", "pass*", "pass"):
            if status in statuses:
                return status
        return "not run"

    def role_statuses(self) -> dict[str, str]:
        return {role: self.role_status(role) for role in ROLES}

    def diagnosis(self, role: str) -> RoleDiagnosis:
        """The role's diagnosis line, from its failing searches in the collection's order."""
        found = sorted(self.diagnosed.get(BOOK_NAMES[role], []), key=lambda t: t[0])
        first = next((f for op, _, f, _ in self._failures() if op == BOOK_NAMES[role]), None)
        met = sorted({k for (op, _), row in self.rows.items() if op == BOOK_NAMES[role]
                      for seen in row.failures if seen.diagnosis is None for k in seen.met})
        return role_diagnosis(role, self.role_status(role), [(name, d) for _, name, d in found], first,
                              tuple(met))
