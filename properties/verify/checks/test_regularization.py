"""Properties of L1/L2 regularisation in Dense (properties/regularization.py), run against the target."""

import pytest
from backprop_spec.properties import regularization
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", regularization.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_regularization(target, check, data):
    target.new_example()
    check(target, data)
