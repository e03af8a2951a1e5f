"""The suite's verdict on the learner corpus (tests/selftest/learners/catalogue.py), each target run as a
learner runs it — `backprop-verify FILE`, in a subprocess, dev profile, a fixed seed — never in
this process: every usable target gets each role's declared verdict (correct → pass, wrong →
FAIL, wrong only beyond the training contract → pass*, absent → absent) and the exit code that
follows; every unusable one its clear message and
exit 3; none crashes or hangs. Opt-in (tox -e selftest): a run costs up to 30 s per target."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from backprop_spec.properties.verify import exits
from tests.helpers import ROOT
from tests.selftest.learners.catalogue import ABSENT, BY_NAME, CORRECT, LEARNERS, ROLES, Learner

STATUS = {CORRECT: "pass", ABSENT: "absent", "wrong": "FAIL"}
ROLE_LINE = re.compile(rf"^  ({'|'.join(ROLES)})\s+(pass\*|pass|FAIL|absent|not run)(?!\S)", re.MULTILINE)


def verify(learner: Learner, *options: str, seed: int = 0,
           profile: str | None = None) -> tuple[int, str, float]:
    """(exit code, output, seconds) of backprop-verify on the learner's main file (in the dev
    profile unless `profile` names another)."""
    env = {key: value for key, value in os.environ.items() if key not in ("CI", "HYPOTHESIS_PROFILE")}
    if profile is not None:
        env["HYPOTHESIS_PROFILE"] = profile
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "backprop_spec.properties.verify.cli",
                           str(ROOT / learner.path),
                           f"--hypothesis-seed={seed}", *options], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - start


def role_statuses(output: str) -> dict[str, str]:
    return dict(ROLE_LINE.findall(output))


def declared(learner: Learner) -> tuple[dict[str, str], int]:
    """The report's role lines and the exit code the catalogue declares for a usable learner."""
    code = exits.BUG_FOUND if learner.outcome == "rejected" else exits.CORRECT
    return {r.role: "pass*" if r.beyond_contract else STATUS[r.verdict] for r in learner.roles}, code


def diagnoses(path: Path) -> dict[str, dict[str, Any]]:
    """Each role's diagnosis in a --verdict-json document."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return {role["role"]: role["diagnosis"] for role in document["roles"]}


def check_diagnosis(learner: Learner, found: dict[str, dict[str, Any]]) -> None:
    """A correct role is diagnosed correct; a wrong one with declared `breaks_on` is correct on
    ordinary inputs and broken by exactly those classes (or wrong on ordinary inputs)."""
    for role in learner.roles:
        line = f"{learner.name} {role.role}: {found[role.role]['line']}"
        if role.verdict == CORRECT:
            assert found[role.role]["status"] == "correct", line
        elif role.breaks_on == ("ordinary",):
            assert found[role.role]["status"] in ("wrong", "crashes"), line
        elif role.breaks_on:
            named = {key for cause in found[role.role]["causes"] for key in cause["classes"]}
            status = "fragile" if role.beyond_contract else "broken"
            assert found[role.role]["status"] == status and named == set(role.breaks_on), line


@pytest.mark.selftest
@pytest.mark.parametrize("learner", LEARNERS, ids=[learner.name for learner in LEARNERS])
def test_learner_gets_its_declared_verdict(learner: Learner, record_property, tmp_path) -> None:
    options = ("--import-timeout=3",) if learner.name == "unguarded_loop" else ()
    path = tmp_path / "verdict.json"
    code, output, seconds = verify(learner, *options, f"--verdict-json={path}")
    record_property("learner_seconds", seconds)
    for phrase in learner.messages:
        assert phrase in output, f"{learner.name}: the report lacks {phrase!r}\n{output[-3000:]}"
    assert "INTERNALERROR" not in output, output[-3000:]
    if not learner.usable:  # the message alone: no traceback from the suite's insides
        assert code == exits.UNUSABLE and "Traceback" not in output, output[-3000:]
        return
    statuses, expected_code = declared(learner)
    assert role_statuses(output) == statuses, output[-4000:]
    assert code == expected_code, output[-3000:]
    check_diagnosis(learner, diagnoses(path))


@pytest.mark.selftest
def test_a_sharded_run_gives_the_serial_diagnosis(tmp_path) -> None:
    """The diagnosis travels in the test reports: `-n 2` prints and writes what a serial run
    does (the ci profile: derandomised, so both runs search the same examples)."""
    bugs = next(learner for learner in LEARNERS if learner.name == "learner_bugs")
    runs = []
    for workers in ((), ("-n", "2")):
        path = tmp_path / f"verdict{len(workers)}.json"
        code, output, _ = verify(bugs, "--only=relu,cce", f"--verdict-json={path}", *workers,
                                 profile="ci")
        section = output[output.index("diagnosis ("):output.index("loaded:")]
        runs.append((code, section, diagnoses(path)))
    (serial_code, serial, serial_found), (sharded_code, sharded, sharded_found) = runs
    assert serial_code == sharded_code == exits.BUG_FOUND, serial
    assert sharded == serial and sharded_found == serial_found, f"{serial}\n---\n{sharded}"
    assert serial_found["cce"]["status"] == "broken", serial


@pytest.mark.selftest
def test_strict_counts_a_failure_beyond_the_training_contract(tmp_path) -> None:
    """The book's Softmax (np.empty_like) is pass* and leaves the exit code at 0; --strict counts
    its integer-dvalue failure: FAIL, exit 1, and the JSON says strict."""
    learner = BY_NAME["chapter16_imports"]
    path = tmp_path / "strict.json"
    code, output, _ = verify(learner, "--only=softmax", "--strict", f"--verdict-json={path}")
    assert (code, role_statuses(output)["softmax"]) == (exits.BUG_FOUND, "FAIL"), output[-3000:]
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["strict"] is True and document["notes"] == [], document["notes"]


@pytest.mark.selftest
def test_require_turns_an_absent_role_into_a_failure() -> None:
    chapter9 = next(learner for learner in LEARNERS if learner.name == "chapter9")
    code, output, _ = verify(chapter9, "--require=sigmoid", "-k", "sigmoid")
    assert code == exits.BUG_FOUND and "--require asks for it" in output, output[-3000:]


def main(argv: list[str]) -> int:
    """`python -m tests.selftest.learners.test_verdicts FIRST LAST`: every learner target under seeds
    FIRST…LAST (2 at a time), each role's status against its declaration; prints one line a
    run and the count of runs that disagree (the false-failure and missed-bug measurement)."""
    from concurrent.futures import ThreadPoolExecutor

    first, last = (int(a) for a in argv) if argv else (1, 10)
    runs = [(learner, seed) for learner in LEARNERS if learner.usable for seed in range(first, last + 1)]

    def one(run: tuple[Learner, int]) -> tuple[str, int, bool, float]:
        learner, seed = run
        options = ("--import-timeout=3",) if learner.name == "unguarded_loop" else ()
        code, output, seconds = verify(learner, *options, seed=seed)
        return learner.name, seed, (role_statuses(output), code) == declared(learner), seconds

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(one, runs))
    for name, seed, agrees, seconds in results:
        print(f"{name:<20} seed {seed:>3}  {'as declared' if agrees else 'DISAGREES':<12} {seconds:6.1f} s")
    wrong = sum(not agrees for _, _, agrees, _ in results)
    print(f"{len(results) - wrong} of {len(results)} runs as declared")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
