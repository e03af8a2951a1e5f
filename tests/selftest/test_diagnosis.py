"""The diagnosis self-test: every catalogue mutant's broken role is diagnosed as the mutant
declares (tests/selftest/targets/catalogue.py, `breaks_on`) — wrong on ordinary inputs, or
broken by input classes it declares and no other — and the declaration itself holds by
exclusion: with those classes switched off (--without) the role passes every property.
Opt-in (`pytest -m selftest`, tox -e selftest)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from backprop_spec.properties.verify.document import SCHEMA
from tests.helpers import CHECKS, run_pytest, summary_counts
from tests.selftest.targets.catalogue import BUGS, ORDINARY

CLASSED = [m for m in BUGS if m.breaks_on != ORDINARY]
BEYOND = [m for m in BUGS if m.beyond_contract]  # broken only beyond the training contract


def _ids(mutant):
    return mutant.name


@pytest.mark.selftest
@pytest.mark.parametrize("mutant", BUGS, ids=_ids)
def test_every_mutant_is_diagnosed_as_declared(mutant, tmp_path, record_property):
    """The role's searches (no smoke pass, stopping at the first failure) give its diagnosis: a
    mutant declared ordinary is wrong (or crashes) on ordinary inputs; any other is correct on
    ordinary inputs and broken only by classes it declares, together where it says so."""
    path = tmp_path / "verdict.json"
    code, seconds, output = run_pytest(mutant.module, CHECKS, "-x",
                                       "--hypothesis-seed=0", "--only", mutant.role, "-k",
                                       "not test_smoke", f"--verdict-json={path}", diagnosis=True)
    record_property("diagnosis_seconds", round(seconds, 2))
    assert code == 1, f"{mutant.name} was not rejected (exit {code})\n{output[-3000:]}"
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
    found = next(r["diagnosis"] for r in document["roles"] if r["role"] == mutant.role)
    where = f"{mutant.name} ({mutant.bug}): {found['line']}"
    if mutant.breaks_on == ORDINARY:
        assert found["status"] in ("wrong", "crashes"), where
        return
    assert found["status"] == "broken", where
    named = {key for cause in found["causes"] for key in cause["classes"]}
    assert found["causes"] and all(cause["narrowed"] for cause in found["causes"]), where
    assert named <= set(mutant.breaks_on), f"{where}; declared {mutant.breaks_on}"
    if mutant.together:
        assert any(cause["together"] for cause in found["causes"]), where


@pytest.mark.selftest
@pytest.mark.parametrize("mutant", CLASSED, ids=_ids)
def test_every_mutant_passes_without_its_classes(mutant, record_property):
    """The declaration by exclusion: with its classes off, the broken role passes."""
    code, seconds, output = run_pytest(mutant.module, CHECKS, "--hypothesis-seed=0",
                                       "--only", mutant.role, "--without", ",".join(mutant.breaks_on))
    record_property("exclusion_seconds", round(seconds, 2))
    assert code == 0, (f"{mutant.name} fails with {', '.join(mutant.breaks_on)} switched off: "
                       f"its breaks_on is incomplete\n{output[-3000:]}")
    assert summary_counts(output).get("passed", 0) > 0, output[-3000:]


def _role_status(path) -> str:
    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return {role["role"]: role["status"] for role in document["roles"]}


@pytest.mark.selftest
@pytest.mark.parametrize("mutant", BEYOND, ids=_ids)
def test_a_mutant_broken_only_beyond_the_contract_passes_with_a_note_and_strict_rejects_it(
        mutant, tmp_path, record_property):
    """A complete run of the role (smoke pass, searches, diagnoses) says pass* and exits 0: every
    failure is a robustness note. --strict counts every class: the same run exits 1, FAIL."""
    default, strict = tmp_path / "default.json", tmp_path / "strict.json"
    code, seconds, output = run_pytest(mutant.module, CHECKS, "--hypothesis-seed=0", "--only",
                                       mutant.role, f"--verdict-json={default}", diagnosis=True)
    record_property("contract_seconds", round(seconds, 2))
    assert (code, _role_status(default)[mutant.role]) == (0, "pass*"), \
        f"{mutant.name} ({mutant.breaks_on}): exit {code}\n{output[-3000:]}"
    code, _, output = run_pytest(mutant.module, CHECKS, "--hypothesis-seed=0", "--only", mutant.role,
                                 "--strict-verdict", f"--verdict-json={strict}")
    assert (code, _role_status(strict)[mutant.role]) == (1, "FAIL"), \
        f"{mutant.name} under --strict: exit {code}\n{output[-3000:]}"
