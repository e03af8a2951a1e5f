"""Properties of Linear, MSE and MAE (properties/catalogue/regression.py), run against the target."""

import pytest
from backprop_spec.properties.catalogue import regression
from backprop_spec.properties.verify.outcomes import as_pytest_outcomes
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", regression.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_regression(target, check, data):
    target.new_example()
    with as_pytest_outcomes():
        check(target, data)
