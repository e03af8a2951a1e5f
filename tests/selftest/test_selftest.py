"""The mutation self-test: the property suite, run with `-x` against each catalogue target as a
user would (`pytest properties/verify/checks --impl=TARGET`), must reject every mutant (exit 1) and
accept every correct rewrite (exit 0 with no property skipped, bar an absent optional fused
class). Opt-in: `pytest -m selftest` or `tox -e selftest`.
The seconds to each verdict, start-up included, are recorded and printed in the summary."""

from __future__ import annotations

import importlib
import importlib.util
import os
import re

import pytest

from backprop_spec.properties.target.model import NO_REGULARIZATION
from backprop_spec.spec.input_classes import KEYS
from tests.helpers import CHECKS, FAILED_TEST, run_pytest, run_suite, summary_counts
from tests.selftest.targets.catalogue import BUGS, CONVENTIONS, CORRECT

SKIPPED_LINE = re.compile(r"^SKIPPED \[(\d+)\] (.*)$", re.MULTILINE)
# the only skip an accepted target may have: its optional fused class is absent — and, for a
# target of the notes' six layers only (not BOOK_LAYERS), the roles of the book's later chapters
ABSENT_FUSED = "has no fused class (absent)"
BOOK_LAYERS = ("correct_book_style", "correct_torch")  # these must run every property of those
LATER_CHAPTERS = (*(f"has no {role} class (absent)" for role in ("linear", "mse", "mae", "dropout")),
                  "has no loss class with a regularization_loss method", NO_REGULARIZATION)




@pytest.mark.selftest
@pytest.mark.parametrize("mutant", BUGS, ids=lambda m: m.module.rsplit(".", 1)[-1])
def test_every_mutant_is_rejected(mutant, record_property):
    code, seconds, output = run_suite(mutant.module)
    killer = FAILED_TEST.search(output)
    record_property("kill_seconds", round(seconds, 2))
    record_property("killed_by", killer.group(1) if killer else "")
    assert code == 1, (f"{mutant.module} ({mutant.bug}) was not rejected: pytest exit {code}\n"
                       f"{output[-3000:]}")


def needs_absent_torch(module: str) -> bool:
    """Whether `module` cannot be imported because torch is not installed (with torch
    installed, nothing is imported here: the suite's own run imports the target)."""
    if importlib.util.find_spec("torch") is not None:
        return False
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as err:
        if err.name == "torch":
            return True
        raise
    return False


def unexplained_skips(output: str, optional: tuple[str, ...] = (ABSENT_FUSED,)) -> tuple[int, list[str]]:
    """(how many skipped tests the absent optional classes (`optional`, reasons) do not explain,
    the short summary's SKIPPED lines (pytest -ra) for the other reasons)."""
    lines = SKIPPED_LINE.findall(output)
    explains = [any(why in reason for why in optional) for _, reason in lines]
    explained = sum(int(count) for (count, _), known in zip(lines, explains) if known)
    others = [f"SKIPPED [{count}] {reason}" for (count, reason), known in zip(lines, explains) if not known]
    return summary_counts(output).get("skipped", 0) - explained, others


def assert_every_property_ran(module: str, why: str, output: str) -> None:
    """Something passed, and nothing was skipped but the optional classes a target lacks: the
    fused class, and the later chapters' roles unless the target is one of BOOK_LAYERS."""
    assert summary_counts(output).get("passed", 0) > 0, f"{module}: nothing passed\n{output[-3000:]}"
    later = () if module.rsplit(".", 1)[-1] in BOOK_LAYERS else LATER_CHAPTERS
    skipped, reasons = unexplained_skips(output, (ABSENT_FUSED, *later))
    assert skipped == 0, (f"{module} ({why}) was accepted with {skipped} skipped test(s), but a "
                          "skipped property checked nothing:\n" + "\n".join(reasons)
                          + f"\n{output[-3000:]}")


@pytest.mark.selftest
@pytest.mark.parametrize("module, why", CORRECT, ids=[m.rsplit(".", 1)[-1] for m, _ in CORRECT])
def test_every_correct_rewrite_is_accepted(module, why, record_property):
    """Exit 0 with every property run: a skipped property did not check anything, so the only
    skips allowed are those of the optional fused class when the target lacks it. A target
    that needs torch is skipped without torch unless BACKPROP_REQUIRE_TORCH=1 (CI's self-test),
    where that is a failure: a skip is never an acceptance."""
    if needs_absent_torch(module):
        message = f"{module} needs torch, which is not importable here"
        if os.environ.get("BACKPROP_REQUIRE_TORCH") == "1":
            pytest.fail(f"{message}, and BACKPROP_REQUIRE_TORCH=1 requires it to run: "
                        "pip install torch==2.13.0 (tox -e selftest installs it)")
        pytest.skip(f"{message} (set BACKPROP_REQUIRE_TORCH=1 to make this a failure)")
    code, seconds, output = run_suite(module)
    record_property("accept_seconds", round(seconds, 2))
    assert code == 0, f"{module} ({why}) was rejected: pytest exit {code}\n{output[-5000:]}"
    assert_every_property_ran(module, why, output)


@pytest.mark.selftest
@pytest.mark.parametrize("variant", CONVENTIONS, ids=lambda m: m.module.rsplit(".", 1)[-1])
def test_a_convention_is_accepted_and_reported(variant, record_property):
    """Right values in another dtype is no bug: accepted, and the report names the choice."""
    code, seconds, output = run_suite(variant.module)
    record_property("accept_seconds", round(seconds, 2))
    assert code == 0, f"{variant.module} ({variant.bug}) was rejected: exit {code}\n{output[-5000:]}"
    assert variant.reported in output, f"the report does not say {variant.reported!r}:\n{output[-3000:]}"
    assert_every_property_ran(variant.module, variant.bug, output)


SAMPLE_SUMMARY = """\
SKIPPED [3] properties/verify/outcomes.py:20: m has no fused class (absent)
SKIPPED [1] properties/verify/checks/test_catalogue.py:40: torch is not installed
70 passed, 4 skipped, 5 warnings in 28.19s
"""


def test_skip_accounting_reads_pytest_summary():
    """The acceptance check's parsing, on a hand-written -ra summary: 4 skips, 3 explained by
    the absent fused class, so 1 unexplained with its line; no summary line, no counts."""
    assert summary_counts(SAMPLE_SUMMARY) == {"passed": 70, "skipped": 4}
    skipped, reasons = unexplained_skips(SAMPLE_SUMMARY)
    assert skipped == 1
    assert reasons == ["SKIPPED [1] properties/verify/checks/test_catalogue.py:40: torch is not installed"]
    assert summary_counts("collected 0 items") == {}
    assert unexplained_skips("12 passed in 1.0s") == (0, [])


@pytest.mark.selftest
@pytest.mark.parametrize("module, why", CORRECT, ids=[m.rsplit(".", 1)[-1] for m, _ in CORRECT])
def test_every_correct_rewrite_is_accepted_on_ordinary_inputs(module, why):
    """With every input class switched off (the diagnosis's first search) a correct rewrite still
    passes every property: no property is left without an ordinary example (Unsatisfiable)."""
    if needs_absent_torch(module):
        pytest.skip(f"{module} needs torch, which is not importable here")
    code, _, output = run_pytest(module, CHECKS, "--hypothesis-seed=0",
                                 "--without", ",".join(KEYS))
    assert code == 0, f"{module} ({why}) was rejected on ordinary inputs: exit {code}\n{output[-5000:]}"
