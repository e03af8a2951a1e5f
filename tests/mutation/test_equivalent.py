"""The list of equivalent mutants stays true to impl/ between mutation runs (which take minutes):
every entry names an existing function, quotes a line of it, changes it, and gives a reason."""

import importlib
import inspect

import pytest

from tests.mutation.equivalent import EQUIVALENT


def _source_lines(function: str) -> set[str]:
    """The stripped source lines of `impl.module.Class.method` or `impl.module.function`."""
    package, *names = function.split(".")
    target = importlib.import_module(f"backprop_spec.{package}")  # importing impl imports all its modules
    for name in names:
        target = getattr(target, name)
    return {line.strip() for line in inspect.getsource(target).splitlines()}


@pytest.mark.parametrize("entry", EQUIVALENT, ids=lambda e: f"{e.function}: {e.after}")
def test_each_entry_quotes_a_line_of_its_function_and_changes_it(entry):
    """A stale entry (impl/ rewrote the line) would otherwise only show in the next mutation run."""
    assert entry.before in _source_lines(entry.function)
    assert entry.after != entry.before
    assert len(entry.reason) > 40


def test_no_mutant_is_listed_twice():
    """Duplicates would hide a wrong copy of an entry behind a right one."""
    keys = [(e.function, e.before, e.after) for e in EQUIVALENT]
    assert len(keys) == len(set(keys))
