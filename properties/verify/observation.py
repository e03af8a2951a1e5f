"""What a catalogue test's report carries in `report.user_properties` (which xdist sends to its
controller): the test's observation and, when it changed, what the run knows of its target — so
the verdict is aggregated from reports alone, in a serial run and a sharded one alike."""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

import pytest

from backprop_spec.properties.catalogue.registry import PENALTY
from backprop_spec.properties.inputs import classify
from backprop_spec.properties.numerics import observations
from backprop_spec.properties.target import snippet
from backprop_spec.properties.target.discovery import ATTRIBUTES, BOOK_NAMES
from backprop_spec.properties.target.model import Binding, RoleFailure, Target
from backprop_spec.properties.verify.diagnosis import Diagnosis, diagnose
from backprop_spec.spec.input_classes import BEYOND_CONTRACT

OBSERVATION = "backprop_observation"  # the user_properties names, each with a JSON-ready dict
RUN = "backprop_run"
DESELECTED = pytest.StashKey[int]()  # tests of impl/'s own choices the plugin deselected
_RECORD = pytest.StashKey[observations.Record]()
_SENT = pytest.StashKey[dict[str, Any]]()  # the run facts this process last sent


def check_of(item: pytest.Item) -> Any:
    """The registered property a catalogue test runs (its `check` parameter), or None."""
    callspec = getattr(item, "callspec", None)
    check = callspec.params.get("check") if callspec is not None else None
    return check if hasattr(check, "op") else None


def operation(check: Any, adapter: Any) -> str:
    """The operation a test's findings are filed under: its property's, except the penalty's,
    which belongs to the loss class that computes it (the book's Loss base, inherited)."""
    role = adapter.regularization_loss_role() if check.op == PENALTY and adapter is not None else None
    return BOOK_NAMES[role] if role else str(check.op)


def ratio_to_json(value: float) -> float | str:
    """An error ratio as JSON has it: a number, or "inf" for an unbounded error."""
    return value if math.isfinite(value) else "inf"


def ratio_from_json(value: float | str) -> float:
    return float(value)


@dataclass(frozen=True)
class Compared:
    """The comparison a failure ended on: its name, the reprs of what the suite got and what it
    should be, and whether the snippet prints the got value (some call of the target gave it)."""

    name: str
    got: str
    expected: str
    replayed: bool


@dataclass(frozen=True)
class Failure:
    """A failing test: its node id, the first line of its error, its replay snippet and the
    comparison it failed on (None when it compared no value: the target raised, or a check
    of no single value failed)."""

    test: str
    name: str
    message: str
    snippet: str
    compared: Compared | None = None

    def to_json(self) -> dict[str, Any]:
        return {**vars(self), "compared": dict(vars(self.compared)) if self.compared else None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Failure:
        compared = data["compared"]
        return cls(**{**data, "compared": Compared(**compared) if compared else None})


@dataclass(frozen=True)
class Observation:
    """One catalogue test: its operation × family, outcome, worst ratio, conventions, failure."""

    op: str
    family: str
    outcome: str  # "passed", "failed" or "skipped"
    worst: float
    order: int  # the test's place in the collection, the same in every xdist worker
    conventions: tuple[tuple[str, str], ...] = ()
    failure: Failure | None = None
    diagnosis: Diagnosis | None = None  # a failing search's; None for a fixed case or --no-diagnosis
    met: tuple[str, ...] = ()  # the input classes the failing example met
    check: str = ""  # the property's function name (the smoke pass runs the catalogue's properties)

    def to_json(self) -> dict[str, Any]:
        return {"op": self.op, "family": self.family, "outcome": self.outcome,
                "worst": ratio_to_json(self.worst), "order": self.order,
                "conventions": [list(pair) for pair in self.conventions],
                "failure": self.failure.to_json() if self.failure else None,
                "diagnosis": self.diagnosis.to_json() if self.diagnosis else None,
                "met": list(self.met), "check": self.check}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Observation:
        failure, diagnosis = data["failure"], data["diagnosis"]
        return cls(data["op"], data["family"], data["outcome"], ratio_from_json(data["worst"]),
                   data["order"], tuple((name, choice) for name, choice in data["conventions"]),
                   Failure.from_json(failure) if failure else None,
                   Diagnosis.from_json(diagnosis) if diagnosis else None, tuple(data["met"]),
                   data["check"])

    def beyond_contract(self) -> bool:
        """Whether this failure lies beyond the training contract (spec/input_classes.py) by its
        own evidence: every cause its diagnosis found lies wholly beyond the contract (a cause of
        classes together counts as inside when any of them is inside); or, undiagnosed, its
        example met classes and all of them lie beyond it. Ordinary inputs and a cause not
        narrowed down count as inside."""
        if self.diagnosis is not None:
            causes = self.diagnosis.causes
            return (not self.diagnosis.ordinary and bool(causes)
                    and all(c.narrowed and set(c.classes) <= BEYOND_CONTRACT for c in causes))
        return bool(self.met) and set(self.met) <= BEYOND_CONTRACT


@dataclass(frozen=True)
class RoleRecord:
    """A role's binding as data: what crosses from an xdist worker to the controller."""

    role: str
    cls: str
    found_by: str
    forward: str
    backward: str
    flag: str | None
    init: dict[str, str]  # parameter → the value given, as a Python literal
    attributes: dict[str, str]  # the notes' name → the class's, as far as the run has read them
    problem: str | None
    untested: tuple[str, ...] = ()  # the parts of the role's contract the suite cannot test here

    @classmethod
    def of(cls, binding: Binding) -> RoleRecord:
        return cls(binding.role, binding.name, binding.found_by, binding.forward, binding.backward,
                   binding.flag, {k: repr(v) for k, v in binding.init_kwargs.items()},
                   dict(binding.attributes), binding.problem, tuple(binding.untested))

    def merged(self, other: RoleRecord) -> RoleRecord:
        """The same binding with the attribute names either process has read."""
        return RoleRecord(**{**vars(self), "attributes": {**self.attributes, **other.attributes}})

    def describe(self) -> str:
        """`DenseLayer (by name): forward_pass / backwards_pass, forward_pass's _training=True, …`,
        from the record alone (the controller of an xdist run never loads the target)."""
        parts = [f"{self.cls} (by {self.found_by}): {self.forward} / {self.backward}"]
        if self.flag:
            parts.append(f"{self.forward}'s {self.flag}=True")
        parts += [f"{key}={value}" for key, value in self.init.items()]
        renamed = [f"{self.attributes[k]} for {k}" for k in ATTRIBUTES if self.attributes.get(k, k) != k]
        return ", ".join(parts + renamed)


@dataclass(frozen=True)
class TargetRecord:
    """What the run knows of its target: how it was loaded, its notes, its roles, the absent ones."""

    spec: str
    how: str
    events: tuple[str, ...]
    roles: dict[str, RoleRecord]
    absent: dict[str, str]  # absent role → why (a class named for it not judged, or none found)
    deselected: int = 0

    @classmethod
    def of(cls, target: Target, deselected: int) -> TargetRecord:
        return cls(target.label, target.how, tuple(target.events),
                   {role: RoleRecord.of(b) for role, b in target.bindings.items()},
                   {role: target.roles.why_absent(role) for role in target.roles.absent()}, deselected)

    def merged(self, other: TargetRecord) -> TargetRecord:
        roles = {role: record.merged(other.roles[role]) if role in other.roles else record
                 for role, record in self.roles.items()}
        return TargetRecord(self.spec, self.how, self.events, roles, self.absent,
                            max(self.deselected, other.deselected))

    def to_json(self) -> dict[str, Any]:
        return {"spec": self.spec, "how": self.how, "events": list(self.events),
                "roles": {role: {**vars(record), "untested": list(record.untested)}
                          for role, record in self.roles.items()},
                "absent": self.absent, "deselected": self.deselected}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TargetRecord:
        roles = {role: RoleRecord(**{**record, "untested": tuple(record["untested"])})
                 for role, record in data["roles"].items()}
        return cls(data["spec"], data["how"], tuple(data["events"]), roles, dict(data["absent"]),
                   data["deselected"])


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """A fresh record for each catalogue test, which observations.observe and observations.convention fill."""
    record = observations.Record() if check_of(item) is not None else None
    if record is not None:
        item.stash[_RECORD] = record
    token = observations.current.set(record)
    try:
        return (yield)
    finally:
        observations.current.reset(token)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport,
                                                                        pytest.TestReport]:
    check = check_of(item)
    record = item.stash.get(_RECORD, observations.Record())
    adapter = item.funcargs.get("target")  # type: ignore[attr-defined]
    raised = check is not None and call.when == "call" and call.excinfo is not None and \
        not call.excinfo.errisinstance(pytest.skip.Exception)
    error = call.excinfo.value if raised and call.excinfo is not None else None
    failure = None
    if error is not None:  # before the report is made, so that pytest's own output has the replay
        failure = (_failure(item.nodeid, item.name, error, adapter.label, adapter.target,
                            record.compared, adapter.target.log, adapter.target.produced)
                   if adapter is not None else
                   Failure(item.nodeid, item.name, _first_line(error), "(no call recorded)"))
        error.add_note(f"replay (paste into Python):\n{failure.snippet}")
    report = yield
    if check is None or report.when != "call":
        return report
    failure = failure if report.failed else None
    met = tuple(sorted(classify.seen())) if failure is not None else ()  # before a diagnosis draws
    diagnosis = None
    if failure is not None and error is not None and adapter is not None and _diagnosed(item, error):
        target = adapter.target
        diagnosis = diagnose(check, adapter, error, classify.seen(), lambda found: _failure(
            item.nodeid, item.name, found.error, adapter.label, target, found.compared,
            found.log, found.produced))
    observation = Observation(operation(check, adapter), check.family, report.outcome, record.worst,
                              item.session.items.index(item), tuple(sorted(record.conventions)),
                              failure, diagnosis, met, check.__name__)
    report.user_properties.append((OBSERVATION, observation.to_json()))
    if adapter is not None:
        run = TargetRecord.of(adapter.target, item.config.stash.get(DESELECTED, 0)).to_json()
        if item.config.stash.get(_SENT, None) != run:
            item.config.stash[_SENT] = run
            report.user_properties.append((RUN, run))
    return report


def _diagnosed(item: pytest.Item, error: BaseException) -> bool:
    """Whether to search for what breaks this failure: a catalogue search (not a fixed smoke
    case) that failed on the target's answers, not on a role the suite cannot call or lacks."""
    outcome = (pytest.fail.Exception, pytest.skip.Exception)  # --require's failure of an absent role
    return (not isinstance(error, (RoleFailure, *outcome))
            and "test_smoke.py" not in item.nodeid and not item.config.getoption("--no-diagnosis"))


def _failure(test: str, name: str, error: BaseException | None, label: str, target: Target,
             compared: observations.Comparison | None, log: list[Any], produced: list[Any]) -> Failure:
    """The report's record of a failure: its message and the snippet replaying `log`."""
    message = _first_line(error) if error is not None else "failed"
    code = (snippet.reproduce(label, target.bindings, log, compared, produced) if log
               else "(no call recorded)")
    if log and compared is None:
        raised = error is not None and not isinstance(error, AssertionError)
        code += (f"\n# here the last call raises {message}" if raised else
                    f"\n# the suite's check failed on these calls: {message}")
    return Failure(test, name, message, code,
                   Compared(compared.name, compared.got_repr, compared.expected_repr,
                            bool(log) and snippet.prints_compared(compared, produced))
                   if compared is not None else None)


def _first_line(error: BaseException) -> str:
    """The first line of the failure; for Hypothesis's several distinct failures, of the first."""
    if isinstance(error, BaseExceptionGroup) and error.exceptions:
        first = _first_line(error.exceptions[0])
        return f"{len(error.exceptions)} distinct failures; the first: {first}"
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines and not isinstance(
        error, AssertionError) else (lines[0] if lines else type(error).__name__)
