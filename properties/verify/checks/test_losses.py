"""Properties of CCE and BCE (properties/losses.py), run against the target."""

import pytest
from backprop_spec.properties import losses
from hypothesis import given
from hypothesis import strategies as st


@pytest.mark.parametrize("check", losses.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_losses(target, check, data):
    target.new_example()
    check(target, data)
