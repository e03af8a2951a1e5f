"""Binds the suite to its target: impl/ by default, or --impl=TARGET / BACKPROP_IMPL (a dotted
module name or a .py path). Loads the Hypothesis profile and the verdict report."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from properties import profiles
from properties.adapter import Adapter, TargetError, load_target
from tests.report import (  # noqa: F401  (pytest finds the hooks by name)
    DESELECTED,
    pytest_runtest_call,
    pytest_runtest_makereport,
    pytest_terminal_summary,
)

settings.load_profile(profiles.selected())
DEFAULT_TARGET = "impl"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--impl", default=os.environ.get("BACKPROP_IMPL") or DEFAULT_TARGET,
                     metavar="TARGET", help="implementation to verify: a dotted module name or a "
                     "path to a .py file (default: impl; also read from BACKPROP_IMPL)")


def target_spec(config: pytest.Config) -> str:
    return str(config.getoption("--impl"))


# cheap, discriminating families first, so that `pytest -x` rejects a broken target quickly
FAMILY_ORDER = {"symbolic": 0, "pitfalls": 1, "purity": 2, "invariants": 3, "numeric": 4}


def _family_rank(item: pytest.Item) -> int:
    if "test_smoke.py" in item.nodeid:
        return -2  # the smoke pass first: a broken target fails it within a second
    check = getattr(item, "callspec", None) and item.callspec.params.get("check")
    family = getattr(check, "family", None)
    return FAMILY_ORDER.get(family, -1) if check is not None else -1


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the smoke pass first and the property catalogue by family (a stable sort: other
    tests keep their places between them); for a foreign target, deselect the tests that pin
    impl/'s own choices (its messages, its extra functions, its ReLU-at-0 choice) — the
    summary says so."""
    items.sort(key=_family_rank)
    if target_spec(config) == DEFAULT_TARGET:
        return
    pinned = [item for item in items if item.get_closest_marker("impl_only")
              or "tests/impl/" in item.nodeid]
    if pinned:
        config.hook.pytest_deselected(items=pinned)
        items[:] = [item for item in items if item not in pinned]
        config.stash[DESELECTED] = len(pinned)


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Adapter:
    """The implementation under test, behind the adapter."""
    spec = target_spec(request.config)
    try:
        return Adapter(load_target(spec), spec)
    except TargetError as err:
        pytest.exit(str(err), returncode=4)
