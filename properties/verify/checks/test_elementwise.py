"""Properties of ReLU and Sigmoid (properties/elementwise.py), run against the target."""

import pytest
from backprop_spec.properties import elementwise
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", elementwise.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_elementwise(target, check, data):
    target.new_example()
    check(target, data)
