"""Properties of layer objects reused across batches (properties/reuse.py), run against the target."""

import pytest
from backprop_spec.properties import reuse
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", reuse.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_reuse(target, check, data):
    target.new_example()
    check(target, data)
