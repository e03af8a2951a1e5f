"""Properties of Activation_Softmax (properties/softmax.py), run against the target."""

import pytest
from backprop_spec.properties import softmax
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", softmax.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_softmax(target, check, data):
    target.new_example()
    check(target, data)
