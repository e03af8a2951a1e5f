"""The mutation self-test: the property suite, run with `-x` against each catalogue target as a
user would (`pytest tests/properties --impl=TARGET`), must reject every mutant (exit 1) and
accept every correct rewrite (exit 0). Opt-in: `pytest -m selftest` or `tox -e selftest`.
The seconds to each verdict, start-up included, are recorded and printed in the summary."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conformance.targets.catalogue import CORRECT, MUTANTS

ROOT = Path(__file__).resolve().parents[2]
FAILED_TEST = re.compile(r"^FAILED (\S+)", re.MULTILINE)


def run_pytest(module: str, *args: str, profile: str | None = None,
               timeout: int = 600) -> tuple[int, float, str]:
    """(exit code, wall seconds, output) of `python -m pytest ARGS` against `module`, in the
    Hypothesis `profile` (None: the default dev profile, as a user runs it; CI is unset)."""
    env = {**os.environ, "BACKPROP_IMPL": module}
    env.pop("CI", None)
    env.pop("HYPOTHESIS_PROFILE", None)
    if profile is not None:
        env["HYPOTHESIS_PROFILE"] = profile
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    return done.returncode, time.perf_counter() - start, done.stdout + done.stderr


def run_suite(module: str) -> tuple[int, float, str]:
    """The property suite against `module` as a user would run it: -x, dev profile, seed 0."""
    return run_pytest(module, "tests/properties", "-x", "--hypothesis-seed=0")


BUGS = [m for m in MUTANTS if m.caught_by != "convention"]
CONVENTIONS = [m for m in MUTANTS if m.caught_by == "convention"]


@pytest.mark.selftest
@pytest.mark.parametrize("mutant", BUGS, ids=lambda m: m.module.rsplit(".", 1)[-1])
def test_every_mutant_is_rejected(mutant, record_property):
    code, seconds, output = run_suite(mutant.module)
    killer = FAILED_TEST.search(output)
    record_property("kill_seconds", round(seconds, 2))
    record_property("killed_by", killer.group(1) if killer else "")
    assert code == 1, (f"{mutant.module} ({mutant.bug}) was not rejected: pytest exit {code}\n"
                       f"{output[-3000:]}")


@pytest.mark.selftest
@pytest.mark.parametrize("module, why", CORRECT, ids=lambda v: str(v).rsplit(".", 1)[-1][:30])
def test_every_correct_rewrite_is_accepted(module, why, record_property):
    code, seconds, output = run_suite(module)
    record_property("accept_seconds", round(seconds, 2))
    assert code == 0, f"{module} ({why}) was rejected: pytest exit {code}\n{output[-5000:]}"


@pytest.mark.selftest
@pytest.mark.parametrize("variant", CONVENTIONS, ids=lambda m: m.module.rsplit(".", 1)[-1])
def test_a_convention_is_accepted_and_reported(variant, record_property):
    """Right values in another dtype is no bug: accepted, and the report names the choice."""
    code, seconds, output = run_suite(variant.module)
    record_property("accept_seconds", round(seconds, 2))
    assert code == 0, f"{variant.module} ({variant.bug}) was rejected: exit {code}\n{output[-5000:]}"
    assert variant.reported in output, f"the report does not say {variant.reported!r}:\n{output[-3000:]}"
