"""How a property ends other than by a comparison: it does not apply to this target or input (a
skip), or a role that --require asks for is absent (a failure). The layers below the pytest
binding raise these, since only properties/verify/ imports pytest; verify/ turns them into
pytest's outcomes (verify/outcomes.py)."""

from __future__ import annotations

import unittest


class NotApplicable(unittest.SkipTest):
    """The property does not apply: an absent role, a parameter the target's class lacks, an
    input class switched off. A unittest.SkipTest, so that Hypothesis stops at once rather than
    search on, and a runner that is not the binding still reports a skip."""


class RequiredAbsent(AssertionError):
    """A role that --require asks for has no class: every property of the role fails with it."""
