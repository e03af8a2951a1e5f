"""Properties of whole networks, end to end (properties/network.py), run against the target."""

import pytest
from backprop_spec.properties import network
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", network.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_network(target, check, data):
    target.new_example()
    check(target, data)
