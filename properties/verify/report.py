"""The verdict report at the end of a run, printed and (with --verdict-json) written where the
summary is made — the process of a serial run, the controller of an xdist one — from the test
reports alone: the header, the target's roles, one row per operation × check family with its
worst error (as a fraction of the allowed error), the conventions, and each failure's replay."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from backprop_spec.properties.target.discovery import ROLES
from backprop_spec.properties.verify import document, exits
from backprop_spec.properties.verify.aggregate import Verdict
from backprop_spec.properties.verify.header import Header

UNUSABLE = pytest.StashKey[str]()  # why the target cannot be judged, where the plugin found out


def _worst(value: float) -> str:
    return "—" if value == 0 else ("inf" if value == float("inf") else f"{value:.2g}")


def json_path(config: pytest.Config) -> Path | None:
    """--verdict-json's path; a usage error at once when its folder does not exist."""
    option = config.getoption("--verdict-json", None)
    if not option:
        return None
    path = Path(option).expanduser().resolve()
    if not path.parent.is_dir():
        raise pytest.UsageError(f"--verdict-json {option}: the folder {path.parent} does not exist; "
                                "create it or name a file in an existing folder")
    if path.is_dir():
        raise pytest.UsageError(f"--verdict-json {option} is a folder; name a file in it, e.g. "
                                f"{path / 'verdict.json'}")
    return path


class VerdictReport:
    """Aggregates the reports' observations as they arrive, then prints and writes the verdict.
    Registered where the summary is made; not in an xdist worker, whose reports travel on."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.verdict = Verdict(strict=bool(config.getoption("--strict-verdict")))
        self.path = json_path(config)
        self.failed = 0  # every failed report: a catalogue test's, another test's, a setup error

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.failed += report.failed
        self.verdict.add(report)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        """Before the summary is printed: a run whose every failure lies beyond the training
        contract (a pass* role's) exits 0, unless --strict, or it stopped early (-x: what did not
        run cannot be excused), or anything else failed."""
        self.verdict.complete = not (session.shouldstop or session.shouldfail)
        if exitstatus == exits.BUG_FOUND and self.failed == len(self.verdict.notes()):
            session.exitstatus = exitstatus = exits.CORRECT
        if self.path is None:
            return
        unusable = self.config.stash.get(UNUSABLE, None)
        code = exits.command_code(int(exitstatus), unusable is not None)
        content = document.document(Header.of(self.config), self.verdict, code, unusable)
        try:
            document.write(self.path, content)
        except OSError as err:
            print(f"--verdict-json: cannot write {self.path}: {err.strerror}; name a writable file",
                  file=sys.stderr)
            session.exitstatus = exits.USAGE

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if not self.verdict.rows:
            return
        write = terminalreporter.write_line
        terminalreporter.section(f"verdict for {self.config.getoption('--impl')}")
        for line in Header.of(self.config).lines():
            write(line)
        self._diagnosis_section(write)
        self._target_section(write)
        write("worst = largest |got − expected| / allowed error seen (≤ 1 passes)")
        write(f"{'operation':<50} {'family':<11} {'verdict':<8} {'runs':>5} {'worst':>7}")
        for op, family, row in self.verdict.table():
            write(f"{op:<50} {family:<11} {self.verdict.row_status(row):<8} {row.runs:>5} "
                  f"{_worst(row.worst):>7}")
        if self.verdict.conventions:
            write("")
            write("conventions the target chose:")
            for name, choices in sorted(self.verdict.conventions.items()):
                write(f"  {name}: {' | '.join(sorted(choices))}")
        for title, found in (("failures, each with its minimal example (paste into Python):",
                              self.verdict.failures()),
                             ("robustness notes — failures beyond the training contract, which fail "
                              "no role (--strict counts them):", self.verdict.notes())):
            if found:
                write("")
                write(title)
            for _, _, failure in found:
                write("")
                for line in f"{failure.name}: {failure.message}\n{failure.snippet}".splitlines():
                    write(f"  {line}")
        target = self.verdict.target
        if target is not None and target.deselected:
            write("")
            write(f"{target.deselected} tests that pin impl/'s own choices (its error messages, its "
                  "extra functions) were deselected for this target")

    def _diagnosis_section(self, write: Any) -> None:
        """First: each present role's one line, its causes and their failing properties, and the
        smallest ordinary failing case where there is one."""
        target = self.verdict.target
        if target is None:
            return
        write("diagnosis (ordinary inputs: SPEC.md#input-classes):")
        for role in ROLES:
            if role not in target.roles:
                continue
            found = self.verdict.diagnosis(role)
            write(f"  {role + ':':<9} {found.line()}")
            for cause in found.causes:
                write(f"  {'':<9} - {cause.describe()}")
                write(f"  {'':<9}   failing: {', '.join(cause.tests)}")
            if found.case is not None:
                for line in found.case.snippet.splitlines():
                    write(f"  {'':<9}   {line}")
        write("")

    def _target_section(self, write: Any) -> None:
        """What was verified: how the target was loaded, what it changed, which class plays which role."""
        target = self.verdict.target
        if target is None:
            return
        write(f"loaded: {target.how}")
        for event in target.events:
            write(f"  note: {event}")
        write("roles (class, how it was found, the names the suite calls):")
        for role in ROLES:
            record = target.roles.get(role)
            if record is None:
                why = target.absent.get(role) or f"no class found; --map {role}=YourClass names one"
                write(f"  {role:<8} {'absent':<8} ({why})")
            else:
                write(f"  {role:<8} {self.verdict.role_status(role):<8} {record.describe()}")
                if record.problem:
                    write(f"  {'':<8} {'':<8} cannot be called as the notes describe: {record.problem}")
                for untested in record.untested:
                    write(f"  {'':<8} {'':<8} {untested}")
        write("")
