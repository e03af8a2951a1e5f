"""Properties of Dropout (properties/catalogue/dropout.py), run against the target."""

import pytest
from backprop_spec.properties.catalogue import dropout
from backprop_spec.properties.verify.outcomes import as_pytest_outcomes
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", dropout.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_dropout(target, check, data):
    target.new_example()
    with as_pytest_outcomes():
        check(target, data)
