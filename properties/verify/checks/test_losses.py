"""Properties of CCE and BCE (properties/losses.py), run against the target."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from properties import losses


@pytest.mark.parametrize("check", losses.PROPERTIES, ids=lambda check: check.__name__)
@given(data=st.data())
def test_losses(target, check, data):
    target.new_example()
    check(target, data)
