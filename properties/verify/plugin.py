"""The pytest plugin that binds the catalogue to its target: impl/ by default, or --impl=TARGET /
BACKPROP_IMPL (a dotted module name, a .py file or a notebook), its roles found by name or
--map; loads the Hypothesis profile and the verdict report. Exit codes: properties/verify/exits.py."""

from __future__ import annotations

import ast
import os
from typing import Any

import pytest
from hypothesis import settings

from backprop_spec.properties.catalogue.registry import FAMILIES, PENALTY
from backprop_spec.properties.inputs import classify, profiles
from backprop_spec.properties.target.adapter import LOSSES, Adapter
from backprop_spec.properties.target.discovery import (
    BOOK_NAMES,
    ROLES,
    STRENGTHS_OPTION,
    DiscoveryError,
    parse_map,
)
from backprop_spec.properties.target.loading import TargetUnusable
from backprop_spec.properties.target.model import CALL_TIMEOUT, Target, open_target
from backprop_spec.properties.verify import DEFAULT_TARGET, report
from backprop_spec.properties.verify.exits import UNUSABLE, USAGE
from backprop_spec.properties.verify.observation import (  # noqa: F401  (pytest finds the hooks by name)
    DESELECTED,
    check_of,
    pytest_runtest_call,
    pytest_runtest_makereport,
)
from backprop_spec.spec.input_classes import parse as parse_classes

IMPORT_TIMEOUT = 10.0


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("backprop-spec", "the target to verify")
    group.addoption("--impl", default=os.environ.get("BACKPROP_IMPL") or DEFAULT_TARGET,
                    metavar="TARGET", help="implementation to verify: a dotted module name, a .py file "
                    "or a .ipynb notebook (default: impl; also read from BACKPROP_IMPL)")
    group.addoption("--map", default=os.environ.get("BACKPROP_MAP", ""), metavar="ROLE=CLASS,…",
                    help=f"which class plays which role ({', '.join(ROLES)}), e.g. "
                    "dense=DenseLayer,cce=Loss_CCE; found by name when not given (also BACKPROP_MAP)")
    group.addoption("--require", default="", metavar="ROLES",
                    help="comma-separated roles that must be present (an absent one fails), or 'all'")
    group.addoption("--init", action="append", default=[], metavar="ROLE.PARAM=VALUE",
                    help="a value for a constructor parameter the suite does not know, e.g. "
                    "dense.weight_decay=0 (a Python literal; repeatable)")
    group.addoption("--import-timeout", type=float, default=IMPORT_TIMEOUT, metavar="SECONDS",
                    help=f"stop an import still running after this long and judge the module's "
                    f"definitions only (default {IMPORT_TIMEOUT:g})")
    group.addoption("--call-timeout", type=float, default=CALL_TIMEOUT, metavar="SECONDS",
                    help=f"stop a forward or backward still running after this long (default "
                    f"{CALL_TIMEOUT:g})")
    group.addoption("--without", default="", metavar="CLASSES",
                    help="switch these input classes off (comma-separated keys, SPEC.md's 'Input "
                    "classes'): the search draws none of them, as the diagnosis does")
    group.addoption("--only", default="", metavar="ROLES",
                    help="run the properties of these roles only (comma-separated)")
    group.addoption("--strict-verdict", action="store_true",
                    help="(backprop-verify --strict) count every failure, also those beyond the "
                    "training contract (an integer dvalue, soft labels to a fused class, memory "
                    "layouts, in-place writes: SPEC.md's 'Input classes'), which otherwise make a "
                    "role pass* and leave the exit code alone")
    group.addoption("--no-diagnosis", action="store_true",
                    help="do not search for the input classes that break a failing property")
    group.addoption("--verdict-json", default=None, metavar="PATH",
                    help="also write the verdict report to PATH as JSON, following the schema "
                    "properties/verify/verdict.schema.json (for graders and CI)")


def is_worker(config: pytest.Config) -> bool:
    """Whether this process is an xdist worker, whose reports go to a controller."""
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    try:
        off = parse_classes(config.getoption("--without"))
    except ValueError as err:
        raise pytest.UsageError(f"--without: {err}") from None
    classify.set_off(off)
    settings.load_profile(profiles.selected() if not off else profiles.filtering(profiles.selected()))
    if not is_worker(config):
        config.pluginmanager.register(report.VerdictReport(config), "backprop-verdict-report")


def target_spec(config: pytest.Config) -> str:
    return str(config.getoption("--impl"))


def _init_values(items: list[str]) -> dict[str, dict[str, Any]]:
    """`dense.weight_decay=0` → {"dense": {"weight_decay": 0}}."""
    values: dict[str, dict[str, Any]] = {}
    for item in items:
        key, sep, text = item.partition("=")
        role, dot, name = key.strip().partition(".")
        if not sep or not dot or role not in ROLES or not name:
            raise DiscoveryError(f"--init: expected ROLE.PARAM=VALUE with a role among {', '.join(ROLES)}, "
                                 f"got {item!r}")
        try:
            values.setdefault(role, {})[name] = ast.literal_eval(text.strip())
        except (ValueError, SyntaxError):
            if name != STRENGTHS_OPTION:  # its pairs may go unquoted: dense.strengths=weight_l1:wl1
                raise DiscoveryError(f"--init {item}: {text!r} is not a Python literal "
                                     "(e.g. 0, 0.5, None)") from None
            values[role][name] = text.strip()
    return values


def _required(text: str) -> tuple[str, ...]:
    roles = ROLES if text.strip() == "all" else tuple(r.strip() for r in text.split(",") if r.strip())
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise DiscoveryError(f"--require: unknown role {unknown[0]!r}; the roles are {', '.join(ROLES)}")
    return roles


def target_from_options(config: pytest.Config) -> Target:
    """Open the --impl target with the command line's options; a clear exit when impossible."""
    spec = target_spec(config)
    try:
        target = open_target(spec, explicit=parse_map(config.getoption("--map")),
                             init=_init_values(config.getoption("--init")),
                             require=_required(config.getoption("--require")),
                             import_timeout=config.getoption("--import-timeout"),
                             call_timeout=config.getoption("--call-timeout"))
    except TargetUnusable as err:
        config.stash[report.UNUSABLE] = str(err)
        pytest.exit(f"{spec}: {err}", returncode=UNUSABLE)
    except DiscoveryError as err:
        pytest.exit(f"{spec}: {err}", returncode=USAGE)
    return target


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """An xdist controller opens the target once before its workers run a test, so that an
    unusable target stops the run with its message (and its report), not a crash of each worker."""
    if session.config.pluginmanager.has_plugin("dsession"):
        target_from_options(session.config)





def _family_rank(item: pytest.Item) -> int:
    if "test_smoke.py" in item.nodeid:
        return -2  # the smoke pass first: a broken target fails it within a second
    check = check_of(item)
    return FAMILIES.index(check.family) if check is not None else -1


def _only(config: pytest.Config, items: list[pytest.Item]) -> None:
    """--only ROLES: deselect the catalogue tests of every other operation (and the network's)."""
    text = config.getoption("--only")
    if not text:
        return
    try:
        roles = _required(text)
    except DiscoveryError as err:
        raise pytest.UsageError(str(err).replace("--require", "--only")) from None
    ops = {BOOK_NAMES[role] for role in roles}
    if set(roles) & {"dense", *LOSSES}:  # the penalty: a loss class's code, a Dense's strengths
        ops.add(PENALTY)
    others = [item for item in items if (check := check_of(item)) is not None and check.op not in ops]
    if others:
        config.hook.pytest_deselected(items=others)
        items[:] = [item for item in items if item not in others]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order the smoke pass first and the property catalogue by family (a stable sort: other
    tests keep their places between them); for a foreign target, deselect the tests of impl/'s
    own choices (tests/impl: its messages, its extra functions) — the summary says so."""
    items.sort(key=_family_rank)
    _only(config, items)
    if target_spec(config) == DEFAULT_TARGET:
        return
    pinned = [item for item in items if "tests/impl/" in item.nodeid]
    if pinned:
        config.hook.pytest_deselected(items=pinned)
        items[:] = [item for item in items if item not in pinned]
        config.stash[DESELECTED] = len(pinned)


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Adapter:
    """The implementation under test, behind the adapter."""
    return Adapter(target_from_options(request.config))
