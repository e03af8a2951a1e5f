"""Properties of the fused softmax + CCE class (properties/fused.py), run against the target."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from properties import fused


@pytest.mark.parametrize("check", fused.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_fused(target, check, data):
    target.new_example()
    check(target, data)
