"""Every property in the catalogue must fail against at least one deliberately broken
implementation: a property no mutant can make fail is either redundant or checks nothing.

The self-test (test_selftest.py) runs the suite with `-x` and so learns only which property kills
a mutant first. Here the whole catalogue runs against every mutant that is a real bug (not a
"convention" variant), without `-x`, and the failed property tests are collected into a matrix
property → mutants that make it fail. Properties are keyed as the catalogue
(properties/catalogue/index.py) keys them: `dense.matches_symbolic` for the test
`properties/verify/checks/test_catalogue.py::test_property[dense.matches_symbolic]`; several
modules reuse a function name (`matches_symbolic`, `pure_and_layout_independent`), and each must be
proven alone.

Opt-in (`pytest -m selftest tests/selftest/test_property_coverage.py -s` to see the matrix;
it is also recorded as user properties). Two subprocesses at a time in the verdict profile
(ci's derandomised examples without shrinking: only pass or fail matters here)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.helpers import CHECKS, OPERATION, PROPERTIES, failed_properties, run_pytest
from tests.selftest.targets.catalogue import BUGS

WORKERS = 2  # the machine's cores are shared: never more subprocesses than this


def run_catalogue(module: str) -> tuple[int, float, str]:
    """(exit code, wall seconds, output) of the whole property suite against `module`, without
    `-x` (test_selftest.run_suite stops at the first failure), in the verdict profile."""
    return run_pytest(module, CHECKS, "-rf", profile="verdict", timeout=1800)


def kill_matrix(failures: dict[str, set[str]]) -> dict[str, list[str]]:
    """property → the mutants (short names) it failed against, for every catalogue property. A
    mutant that made every property of the same operation fail (a crash, a wrong shape) is
    starred: it proves less about this property than one the operation's other checks let pass."""
    def name(mutant: str, prop: str) -> str:
        everything = all(q in failures[mutant] for q in PROPERTIES if OPERATION[q] == OPERATION[prop])
        return f"{mutant}*" if everything else mutant
    return {prop: sorted(name(mutant, prop) for mutant, failed in failures.items() if prop in failed)
            for prop in PROPERTIES}


def test_failed_lines_name_catalogue_properties():
    """The parser reads the property search (not smoke or past-failure inputs): catalogue keys."""
    output = (f"FAILED {CHECKS}/test_catalogue.py::test_property[dense.matches_symbolic] - Assert\n"
              "FAILED tests/properties/catalogue/test_past_failures.py::test_case_that_once_failed[x] - E\n"
              f"FAILED {CHECKS}/test_smoke.py::test_smoke[softmax] - E\n"
              f"FAILED {CHECKS}/test_catalogue.py::test_property[losses.bce_finite_at_zero_and_one]\n")
    assert failed_properties(output) == {"dense.matches_symbolic",
                                         "losses.bce_finite_at_zero_and_one"}
    assert failed_properties(output) <= set(PROPERTIES)


def test_a_mutant_failing_a_whole_operation_is_starred():
    """Stars mark the mutants that fail every property of an operation, and only those."""
    every_dense = {prop for prop in PROPERTIES if OPERATION[prop] == "Layer_Dense"}
    matrix = kill_matrix({"one": {"dense.matches_symbolic"}, "all": every_dense})
    assert matrix["dense.matches_symbolic"] == ["all*", "one"]
    assert matrix["dense.matches_numeric"] == ["all*"]
    assert matrix["softmax.matches_symbolic"] == []


@pytest.mark.selftest
def test_every_property_fails_against_some_mutant(record_property):
    """The whole catalogue against every bug mutant, two at a time; prints the matrix and fails
    naming each property that no mutant made fail."""
    names = [m.module.rsplit(".", 1)[-1] for m in BUGS]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        runs = dict(zip(names, pool.map(run_catalogue, [m.module for m in BUGS])))
    broken = {name: output[-3000:] for name, (code, _, output) in runs.items() if code not in (0, 1)}
    assert not broken, f"the suite did not run to a verdict against: {broken}"
    matrix = kill_matrix({name: failed_properties(output) for name, (_, _, output) in runs.items()})
    print(f"\nproperty → mutants that make it fail ({len(BUGS)} mutants, the slowest run "
          f"{max(seconds for _, seconds, _ in runs.values()):.0f} s; * = it fails every property "
          "of that operation):")
    for prop, mutants in matrix.items():
        print(f"  {prop:<62} {', '.join(mutants) or '—'}")
        record_property(f"killed {prop}", ", ".join(mutants))
    uncovered = [prop for prop, mutants in matrix.items() if not mutants]
    assert not uncovered, f"no mutant makes these properties fail: {uncovered}"
