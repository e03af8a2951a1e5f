"""The repository's own runs load the shipped plugin (properties/verify/plugin.py) through
pyproject.toml's addopts; this conftest adds only the self-tests' timing summary."""

from __future__ import annotations

import pytest


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Seconds to reject each mutant (and accept each rewrite), for each property run alone the
    seconds to fail against its killer, and for each learner target the seconds to its verdict,
    from the self-tests' records."""
    every = [(report.nodeid.split("[")[-1].rstrip("]"), dict(report.user_properties))
             for reports in terminalreporter.stats.values() for report in reports
             if getattr(report, "when", None) == "call" and getattr(report, "user_properties", None)]
    killers = [(name, props) for name, props in every if "fails_against" in props]
    if killers:
        terminalreporter.section("each property alone: seconds to fail against its killer")
        for name, props in sorted(killers, key=lambda r: -r[1]["seconds"]):
            terminalreporter.write_line(f"{name:<62} {props['seconds']:>6.2f} s against "
                                        f"{props['fails_against']}")
    learners = [(name, props) for name, props in every if "learner_seconds" in props]
    if learners:
        terminalreporter.section("learner corpus: seconds to the verdict (backprop-verify, dev profile)")
        for name, props in sorted(learners, key=lambda r: -r[1]["learner_seconds"]):
            terminalreporter.write_line(f"{name:<34} {props['learner_seconds']:>6.2f} s")
    rows = [(name, props) for name, props in every if "kill_seconds" in props
            or "accept_seconds" in props]
    if not rows:
        return
    terminalreporter.section("mutation self-test: seconds to the verdict, start-up included")
    for name, props in sorted(rows, key=lambda r: -r[1].get("kill_seconds", 0)):
        if "kill_seconds" in props:
            terminalreporter.write_line(f"{name:<34} killed in {props['kill_seconds']:>6.2f} s "
                                        f"by {props['killed_by'] or '(no failing test)'}")
        else:
            terminalreporter.write_line(f"{name:<34} accepted in {props['accept_seconds']:>6.2f} s")
