"""Properties of Dropout (properties/dropout.py), run against the target."""

import pytest
from backprop_spec.properties import dropout
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", dropout.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_dropout(target, check, data):
    target.new_example()
    check(target, data)
