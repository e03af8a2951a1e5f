"""The suite's own outcomes (properties/outcomes.py) as pytest's: a property that does not apply
is skipped with its reason, a role --require asks for and no class plays fails without a
traceback. Every place the binding runs a property goes through `as_pytest_outcomes`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from backprop_spec.properties.outcomes import NotApplicable, RequiredAbsent


@contextmanager
def as_pytest_outcomes() -> Iterator[None]:
    try:
        yield
    except NotApplicable as err:
        pytest.skip(str(err))
    except RequiredAbsent as err:
        pytest.fail(str(err), pytrace=False)
