"""The verdict report survives xdist and reads by machine: the smoke pass on two learner targets,
each run serially and with `-n 2` in a subprocess, prints the same verdict section and writes
the same --verdict-json document; every document validates against the shipped schema, which
is strict (a malformed document is refused); the header names what was run; an unusable target
and an unwritable path end with a clear message, not a traceback."""

from __future__ import annotations

import copy
import importlib.metadata
import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import hypothesis
import jsonschema
import numpy as np
import pytest
import sympy

from backprop_spec.properties.target.discovery import ATTRIBUTES, ROLES
from backprop_spec.properties.verify import exits
from backprop_spec.properties.verify.document import SCHEMA, SCHEMA_VERSION
from backprop_spec.properties.verify.header import Header
from backprop_spec.spec.input_classes import KEYS
from tests.helpers import CHECKS, ROOT, run_pytest

CHAPTER9, BUGS = "tests/selftest/learners/chapter9.py", "tests/selftest/learners/learner_bugs.py"
SMOKE = (CHECKS, "-k", "test_smoke", "--hypothesis-seed=0")
ROLE_LINE = re.compile(r"^  (\w+)\s+(pass|FAIL|absent|not run)\s", re.MULTILINE)
TABLE_ROW = re.compile(r"^(\S+)\s+(symbolic|numeric|invariants|pitfalls|purity)\s+(pass|FAIL|absent)"
                       r"\s+(\d+)\s", re.MULTILINE)
VALIDATOR = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Run:
    code: int
    output: str
    document: dict[str, Any]

    @property
    def section(self) -> str:
        """The verdict section: from its title to the next section's ("short test summary info")."""
        lines = self.output.splitlines()
        start = next((i for i, line in enumerate(lines) if " verdict for " in line), None)
        assert start is not None, f"the run printed no verdict section\n{self.output[-3000:]}"
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("=")), len(lines))
        return "\n".join(lines[start:end])


@pytest.fixture(scope="module")
def verify(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Run]:
    """`verify(target, workers)`: the smoke pass on `target` (serial for 0 workers), with its
    --verdict-json document; each run made once for the module."""
    folder = tmp_path_factory.mktemp("verdicts")
    done: dict[tuple[str, int], Run] = {}

    def run(target: str, workers: int = 0) -> Run:
        if (target, workers) not in done:
            path = folder / f"{Path(target).stem}-{workers}.json"
            sharding = ("-n", str(workers)) if workers else ()
            code, _, output = run_pytest(target, *SMOKE, *sharding, f"--verdict-json={path}")
            assert path.is_file(), f"no --verdict-json document was written\n{output[-3000:]}"
            done[target, workers] = Run(code, output, json.loads(path.read_text(encoding="utf-8")))
        return done[target, workers]
    return run


# the buggy target's sharded run is the default suite's guard; the correct one's, and the unusable
# target's below, run in `tox -e selftest` (each sharded run starts three interpreters)
@pytest.mark.parametrize("target, code", [pytest.param(CHAPTER9, exits.CORRECT, marks=pytest.mark.selftest),
                                          (BUGS, exits.BUG_FOUND)])
def test_a_sharded_run_prints_and_writes_the_serial_verdict(verify, target, code):
    serial, sharded = verify(target), verify(target, 2)
    assert serial.code == sharded.code == code, serial.output[-3000:] + sharded.output[-3000:]
    assert [role for role, _ in ROLE_LINE.findall(serial.section)] == list(ROLES), serial.section
    assert len(TABLE_ROW.findall(serial.section)) >= 20, serial.section
    assert "conventions the target chose:" in serial.section, serial.section
    assert sharded.section == serial.section
    assert sharded.document == serial.document


def test_the_header_names_what_was_run(verify):
    run = verify(CHAPTER9)
    version = importlib.metadata.version("backprop-spec")
    for phrase in (f"suite: backprop-spec {version} · target: {CHAPTER9}", f"NumPy {np.__version__}",
                   f"SymPy {sympy.__version__}", f"Hypothesis {hypothesis.__version__}",
                   "Hypothesis profile: dev · seed: 0"):
        assert phrase in run.section, f"the header lacks {phrase!r}:\n{run.section}"
    header = run.document["header"]
    assert (header["version"], header["target"], header["profile"], header["derandomize"],
            header["seed"]) == (version, CHAPTER9, "dev", False, 0)


def test_a_derandomising_profile_overrides_the_seed_in_the_header():
    """Hypothesis derives each test's seed from its name under derandomize, whatever
    --hypothesis-seed says; the header must not claim the seed was used."""
    header = Header("backprop-spec", "0", "t.py", "3", "2", "1", "6", "ci", derandomize=True, seed=0)
    assert "seed: derandomised" in header.lines()[-1]
    assert "seed: 0" in replace(header, derandomize=False).lines()[-1]
    assert "seed: random" in replace(header, derandomize=False, seed=None).lines()[-1]


def test_every_document_validates_against_the_schema(verify):
    for target in (CHAPTER9, BUGS):
        for workers in (0, 2):
            errors = [error.message for error in VALIDATOR.iter_errors(verify(target, workers).document)]
            assert not errors, f"{target}, {workers} workers: {errors}"


def test_the_document_says_what_the_printed_report_says(verify):
    run = verify(BUGS)
    document = run.document
    assert {r["role"]: r["status"] for r in document["roles"]} == dict(ROLE_LINE.findall(run.section))
    assert [(r["operation"], r["family"], r["verdict"], str(r["runs"])) for r in document["rows"]] == \
        TABLE_ROW.findall(run.section)
    failed = [line for line in run.output.splitlines() if line.startswith("FAILED ")]
    assert len(document["failures"]) == len(failed) == 2, run.output[-3000:]
    assert all(f"FAILED {f['test']}" in run.output for f in document["failures"]), document["failures"]
    assert all("module = load(" in f["snippet"] for f in document["failures"]), document["failures"]
    assert document["exit"] == {"code": exits.BUG_FOUND, "meaning": dict(exits.TABLE)[exits.BUG_FOUND]}


def _walk(schema: Any) -> list[dict[str, Any]]:
    """Every subschema that describes an object's fields."""
    if isinstance(schema, list):
        return [found for item in schema for found in _walk(item)]
    if not isinstance(schema, dict):
        return []
    here = [schema] if schema.get("type") == "object" or "properties" in schema else []
    return here + [found for value in schema.values() for found in _walk(value)]


def test_the_schema_is_strict_draft_2020_12_and_versioned():
    schema = VALIDATOR.schema
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema_version"] == {
        "const": SCHEMA_VERSION, "description": schema["properties"]["schema_version"]["description"]}
    objects = _walk(schema)
    assert len(objects) >= 10, "the walk found too few object schemas to mean anything"
    loose = [sorted(o.get("properties", {})) for o in objects if o.get("additionalProperties") is not False]
    assert not loose, f"object schemas that allow undeclared fields: {loose}"


def _undeclared_row_field(d: dict[str, Any]) -> None:
    d["rows"][0]["seconds"] = 1.5


def _undeclared_top_field(d: dict[str, Any]) -> None:
    d["comment"] = "added by hand"


def _runs_as_text(d: dict[str, Any]) -> None:
    d["rows"][0]["runs"] = str(d["rows"][0]["runs"])


def _unknown_role_status(d: dict[str, Any]) -> None:
    d["roles"][0]["status"] = "ok"


def _no_seed(d: dict[str, Any]) -> None:
    del d["header"]["seed"]


def _no_snippet(d: dict[str, Any]) -> None:
    del d["failures"][0]["snippet"]


def _a_newer_version(d: dict[str, Any]) -> None:
    d["schema_version"] = SCHEMA_VERSION + 1


@pytest.mark.parametrize("spoil, keyword", [
    (_undeclared_top_field, "additionalProperties"), (_undeclared_row_field, "additionalProperties"),
    (_runs_as_text, "type"), (_unknown_role_status, "enum"), (_no_seed, "required"),
    (_no_snippet, "required"), (_a_newer_version, "const")], ids=lambda x: getattr(x, "__name__", x))
def test_a_malformed_document_is_refused(verify, spoil, keyword):
    document = copy.deepcopy(verify(BUGS).document)
    assert VALIDATOR.is_valid(document)
    spoil(document)
    assert keyword in {error.validator for error in VALIDATOR.iter_errors(document)}


@pytest.mark.selftest
def test_an_unusable_target_ends_a_sharded_run_with_its_message_and_document(tmp_path):
    path = tmp_path / "verdict.json"
    code, _, output = run_pytest("tests/selftest/learners/no_such_file.py", CHECKS, "-n", "2",
                                 f"--verdict-json={path}")
    assert code == exits.UNUSABLE and "no such file" in output, output[-3000:]
    assert "INTERNALERROR" not in output and "Traceback" not in output, output[-3000:]
    document = json.loads(path.read_text(encoding="utf-8"))
    assert VALIDATOR.is_valid(document)
    assert "no such file" in document["target"]["unusable"] and document["exit"]["code"] == exits.UNUSABLE


def test_a_path_in_a_missing_folder_is_a_usage_error(tmp_path):
    path = tmp_path / "missing" / "verdict.json"
    code, _, output = run_pytest(CHAPTER9, *SMOKE, f"--verdict-json={path}")
    assert code == exits.USAGE and "does not exist" in output and str(path.parent) in output, output[-3000:]
    assert "Traceback" not in output, output[-3000:]


def test_the_schema_ships_with_the_package_and_its_validator_stays_a_test_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert SCHEMA.name in project["tool"]["setuptools"]["package-data"]["backprop_spec.properties.verify"]
    assert not [d for d in project["project"]["dependencies"] if d.startswith("jsonschema")]


def test_the_schema_names_every_role_and_input_class():
    """The document's enums follow the suite's tables: a role or class added there is valid here."""
    definitions = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    assert definitions["role"]["properties"]["role"]["enum"] == list(ROLES)
    assert definitions["input_class"]["enum"] == list(KEYS)
    attributes = [d["properties"]["attributes"]["properties"] for d in definitions.values()
                  if "attributes" in d.get("properties", {})]
    assert attributes and all(list(a) == list(ATTRIBUTES) for a in attributes)


@pytest.mark.parametrize("mutant", ["regularization_loss_reads_trainable_layers",
                                    "regularization_loss_reads_weights"])
def test_a_broken_penalty_is_the_loss_class_s_finding_not_the_dense_s(mutant, tmp_path):
    """Past failure: a learner's loss base whose regularization_loss(layer) read
    self.trainable_layers raised AttributeError, and the report blamed the dense role. A penalty
    that raises or is wrong is the loss class's code: its role fails (the first loss role with the
    method, cce here), as a regularisation-penalty finding; the Dense, right, passes."""
    path = tmp_path / "verdict.json"
    code, _, output = run_pytest(f"tests.selftest.targets.mutants.{mutant}", CHECKS, "--only",
                                 "dense,cce", "-k", "regulari", "--hypothesis-seed=0",
                                 f"--verdict-json={path}")
    document = json.loads(path.read_text(encoding="utf-8"))
    statuses = {role["role"]: role["status"] for role in document["roles"]}
    assert code == exits.BUG_FOUND, output[-3000:]
    assert (statuses["dense"], statuses["cce"]) == ("pass", "FAIL"), output[-3000:]
    failed = {(f["operation"], f["test"].rsplit("[", 1)[-1]) for f in document["failures"]}
    assert failed and all(op == "Loss_CategoricalCrossentropy" for op, _ in failed), failed
