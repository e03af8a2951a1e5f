"""The property catalogue run against the target: one test, parametrised over every property
(properties/catalogue/index.py), each a Hypothesis search; ids are the properties' keys,
`dense.matches_symbolic`, so `-k dense` selects an operation's module."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backprop_spec.properties.catalogue.index import CATALOGUE
from backprop_spec.properties.verify.outcomes import as_pytest_outcomes


@pytest.mark.parametrize("check", [p.check for p in CATALOGUE], ids=[p.key for p in CATALOGUE])
@given(data=st.data())
def test_property(target, check, data):
    target.new_example()
    with as_pytest_outcomes():
        check(target, data)
