"""Properties of layer objects reused across batches (properties/catalogue/reuse.py)."""

import pytest
from backprop_spec.properties.catalogue import reuse
from backprop_spec.properties.verify.outcomes import as_pytest_outcomes
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", reuse.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_reuse(target, check, data):
    target.new_example()
    with as_pytest_outcomes():
        check(target, data)
