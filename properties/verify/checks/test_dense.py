"""Properties of Layer_Dense (properties/dense.py), run against the target."""

import pytest
from backprop_spec.properties import dense
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", dense.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_dense(target, check, data):
    target.new_example()
    check(target, data)
