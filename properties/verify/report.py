"""The verdict report printed at the end of a run: one row per operation × check family with
pass/fail and the worst error seen (as a fraction of the allowed error), the conventions the
target chose, and for each failure the minimal example as a snippet to paste into Python."""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from properties import verdict
from properties.discovery import BOOK_NAMES, ROLES

FAMILIES = ("symbolic", "numeric", "invariants", "pitfalls", "purity")
DESELECTED = pytest.StashKey[int]()


def check_of(item: pytest.Item) -> Any:
    """The registered property a catalogue test runs (its `check` parameter), or None."""
    callspec = getattr(item, "callspec", None)
    check = callspec.params.get("check") if callspec is not None else None
    return check if hasattr(check, "op") else None


def _key(item: pytest.Item) -> tuple[str, str] | None:
    check = check_of(item)
    return (check.op, check.family) if check is not None else None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    key = _key(item)
    token = verdict.current.set(key)
    try:
        return (yield)
    finally:
        verdict.current.reset(token)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item,
                              call: pytest.CallInfo[None]) -> Generator[None, pytest.TestReport,
                                                                        pytest.TestReport]:
    report = yield
    key = _key(item)
    if key is None or report.when != "call":
        return report
    row = verdict.row(key)
    if report.skipped:
        row.absent = True
    elif report.passed:
        row.passed += 1
    else:
        row.failed += 1
        adapter = item.funcargs.get("target")  # type: ignore[attr-defined]
        log = adapter.target.log if adapter is not None else []
        message = _first_line(call.excinfo.value) if call.excinfo else "failed"
        snippet = (verdict.reproduce(adapter.label, adapter.target.bindings, log) if log
                   else "(no call recorded)")
        row.failures.append(f"{item.name}: {message}\n{snippet}")
    return report


def _first_line(error: BaseException) -> str:
    """The first line of the failure; for Hypothesis's several distinct failures, of the first."""
    if isinstance(error, BaseExceptionGroup) and error.exceptions:
        first = _first_line(error.exceptions[0])
        return f"{len(error.exceptions)} distinct failures; the first: {first}"
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines and not isinstance(
        error, AssertionError) else (lines[0] if lines else type(error).__name__)


def _worst(value: float) -> str:
    return "—" if value == 0 else ("inf" if value == float("inf") else f"{value:.2g}")


def _role_status(role: str) -> str:
    """pass / FAIL / absent / not run, from the rows of the role's operation."""
    rows = [row for (op, _), row in verdict.ROWS.items() if op == BOOK_NAMES[role]]
    if any(row.failed for row in rows):
        return "FAIL"
    if any(row.passed for row in rows):
        return "pass"
    return "not run"


def _target_section(write: Any) -> None:
    """What was verified: how the target was loaded, what it changed, which class plays which role."""
    info = verdict.TARGET
    if not info:
        return
    write(f"loaded: {info['how']}")
    for event in info["events"]:
        write(f"  note: {event}")
    write("roles (class, how it was found, the names the suite calls):")
    for role in ROLES:
        binding = info["bindings"].get(role)
        if binding is None:
            write(f"  {role:<8} {'absent':<8} (no class found; --map {role}=YourClass names one)")
        else:
            write(f"  {role:<8} {_role_status(role):<8} {binding.describe()}")
            if binding.problem:
                write(f"  {'':<8} {'':<8} cannot be called as the notes describe: {binding.problem}")
    write("")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not verdict.ROWS:
        return
    write = terminalreporter.write_line
    spec = terminalreporter.config.getoption("--impl")
    terminalreporter.section(f"verdict for {spec}")
    _target_section(write)
    write("worst = largest |got − expected| / allowed error seen (≤ 1 passes)")
    write(f"{'operation':<50} {'family':<11} {'verdict':<8} {'runs':>5} {'worst':>7}")
    ops = sorted({op for op, _ in verdict.ROWS})
    for op in ops:
        for family in FAMILIES:
            row = verdict.ROWS.get((op, family))
            if row is None:
                continue
            status = ("absent" if row.absent and not row.passed + row.failed
                      else "FAIL" if row.failed else "pass")
            write(f"{op:<50} {family:<11} {status:<8} {row.passed + row.failed:>5} "
                  f"{_worst(row.worst):>7}")
    if verdict.CONVENTIONS:
        write("")
        write("conventions the target chose:")
        for name, choices in sorted(verdict.CONVENTIONS.items()):
            write(f"  {name}: {' | '.join(sorted(choices))}")
    failures = [f for row in verdict.ROWS.values() for f in row.failures]
    if failures:
        write("")
        write("failures, each with its minimal example (paste into Python):")
        for failure in failures:
            write("")
            for line in failure.splitlines():
                write(f"  {line}")
    deselected = terminalreporter.config.stash.get(DESELECTED, 0)
    if deselected:
        write("")
        write(f"{deselected} tests that pin impl/'s own choices (its error messages, its extra "
              "functions) were deselected for this target")
