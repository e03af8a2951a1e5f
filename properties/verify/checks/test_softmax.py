"""Properties of Activation_Softmax (properties/catalogue/softmax.py), run against the target."""

import pytest
from backprop_spec.properties.catalogue import softmax
from backprop_spec.properties.verify.outcomes import as_pytest_outcomes
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", softmax.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_softmax(target, check, data):
    target.new_example()
    with as_pytest_outcomes():
        check(target, data)
