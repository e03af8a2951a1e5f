"""Every replay reproduces its failure (issue 13, part 2): the catalogue runs with -x against each
bug mutant and writes --verdict-json; each failure's snippet, run in a fresh interpreter from the
repository's root, must print the value the suite reported as got — or, for a crash, end with
the error the suite reported. With -x most mutants fall to the smoke pass first, so a few more
run with it deselected, where a Hypothesis property's final example is what the snippet replays.
Opt-in: `pytest -m selftest` or `tox -e selftest`."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import CHECKS, ROOT, run_pytest
from tests.selftest.targets.catalogue import BUGS

SNIPPET_TIMEOUT = 60  # seconds; a snippet replays one small example
NUMPY_SCALAR = re.compile(r"^np\.(\w+)\((.*)\)$")
# mutants whose first failing property (smoke pass deselected) takes another path to its snippet
PROPERTY_PATH = {
    "book_dbias_mean": "a Dense gradient against SymPy, dbias reshaped to (1, b)",
    "relu_output_over_input": "the subgradient at exactly 0",
    "book_softmax_empty_like": "an integer dvalue against a float one: two calls of the target",
    "sparse_n1_as_onehot": "a per-sample loss a forward returns",
    "bce_uint8_unary_minus": "a crash inside the target",
    "dense_shared_workspace": "a batch against its rows, one call each",
    "sigmoid_ravel_out": "Fortran, strided or read-only arguments against contiguous ones",
    "forward_backward_mismatch": "a sigmoid gradient against SymPy",
    "soft_labels_hardened": "the fused softmax and cross-entropy on soft labels",
}
DISTINCT = re.compile(r"^\d+ distinct failures; the first: ")
RAISED = re.compile(r"^[A-Za-z_][\w.]*: ")  # the message of an error the target raised: "ValueError: …"


def value_of(text: str) -> tuple[str, Any]:
    """(dtype, value) of a printed repr: `np.float64(0.25)`, `0.25` (a float) or a shape tuple;
    NaN as the string "nan", so that NaN equals NaN."""
    match = NUMPY_SCALAR.match(text.strip())
    dtype, literal = (match.group(1), match.group(2)) if match else ("python", text.strip())
    if literal.lstrip("-") in ("nan", "inf"):
        return dtype, literal
    try:
        value = ast.literal_eval(literal)
    except (ValueError, SyntaxError):
        return dtype, literal
    return dtype, "nan" if value != value else value


def failures_of(module: str, tmp_path: Path, *select: str) -> list[dict[str, Any]]:
    """The failures the catalogue (or the `select`ed part) reports against `module` (-x: the first)."""
    path = tmp_path / "verdict.json"
    code, _, output = run_pytest(module, CHECKS, "-x", f"--verdict-json={path}",
                                 *select, profile="verdict")
    assert code == 1, f"{module} was not rejected: pytest exit {code}\n{output[-3000:]}"
    failures: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["failures"]
    assert failures, f"{module}: the run failed, but its document lists no failure\n{output[-3000:]}"
    return failures


def run_snippet(snippet: str) -> subprocess.CompletedProcess[str]:
    """The snippet in a fresh interpreter at the repository's root, as a learner pastes it."""
    env = {k: v for k, v in os.environ.items() if k not in ("BACKPROP_IMPL", "HYPOTHESIS_PROFILE")}
    return subprocess.run([sys.executable, "-c", snippet], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=SNIPPET_TIMEOUT, check=False)


def assert_reproduces(failure: dict[str, Any]) -> None:
    """The snippet prints the got value the suite reported (same dtype, same value, NaN equal to
    NaN); a failure that compared nothing was a crash, and the snippet raises the same error."""
    done = run_snippet(failure["snippet"])
    shown = f"{failure['test']}: {failure['message']}\n{failure['snippet']}\n--- stdout\n" \
            f"{done.stdout[-2000:]}\n--- stderr\n{done.stderr[-2000:]}"
    compared = failure["compared"]
    if compared is None:
        error = DISTINCT.sub("", failure["message"])
        assert RAISED.match(error), (f"the failure recorded no comparison and is no error the target "
                                     f"raised, so its snippet cannot show it:\n{shown}")
        last = (done.stderr.strip().splitlines() or [""])[-1]
        assert done.returncode != 0 and last.endswith(error), (f"the snippet does not raise {error!r}:"
                                                               f"\n{shown}")
        return
    assert compared["replayed"], f"no call of the target gave the compared value:\n{shown}"
    assert done.returncode == 0, f"the snippet raised:\n{shown}"
    printed = (done.stdout.strip().splitlines() or [""])[-1]
    assert value_of(printed) == value_of(compared["got"]), (
        f"the snippet prints {printed!r}, but the suite got {compared['got']!r}:\n{shown}")


def test_printed_values_compare_by_dtype_and_value_with_nan_equal_to_nan():
    assert value_of("np.float64(nan)") == value_of("np.float64(nan)")
    assert value_of("np.float64(0.1)") != value_of("np.float32(0.1)")
    assert value_of("np.float64(0.30000000000000004)") != value_of("np.float64(0.3)")
    assert value_of("(3, 4)") == ("python", (3, 4)) and value_of("-inf") == ("python", "-inf")


@pytest.mark.selftest
@pytest.mark.parametrize("mutant", BUGS, ids=lambda m: m.module.rsplit(".", 1)[-1])
def test_every_replay_reproduces_its_failure(mutant, tmp_path):
    for failure in failures_of(mutant.module, tmp_path):
        assert_reproduces(failure)


@pytest.mark.selftest
@pytest.mark.parametrize("name", sorted(PROPERTY_PATH))
def test_the_replay_of_a_property_s_final_example_reproduces(name, tmp_path):
    """PROPERTY_PATH says what each one exercises."""
    mutant = next(m for m in BUGS if m.module.rsplit(".", 1)[-1] == name)
    for failure in failures_of(mutant.module, tmp_path, "-k", "not test_smoke"):
        assert "test_smoke" not in failure["test"]
        assert_reproduces(failure)
