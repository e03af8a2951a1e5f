"""Properties of L1/L2 regularisation in Dense (properties/catalogue/regularization.py)."""

import pytest
from backprop_spec.properties.catalogue import regularization
from backprop_spec.properties.verify.outcomes import as_pytest_outcomes
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", regularization.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_regularization(target, check, data):
    target.new_example()
    with as_pytest_outcomes():
        check(target, data)
