"""Which inputs break a failing property: the property searched again with every input class
(spec/classify.py) switched off — still failing means wrong on ordinary inputs — and then
with one class on at a time, among those its shrunk failing example met (and in-place writes,
which no argument shows); a failure that needs several classes together is narrowed to them."""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable

from backprop_spec import properties
from backprop_spec.properties.inputs import classify
from backprop_spec.properties.numerics import observations
from backprop_spec.properties.verify.outcomes import as_pytest_outcomes
from backprop_spec.spec.input_classes import KEYS

PROPERTIES = Path(properties.__file__).resolve().parent  # the suite's own frames are never the target's


@dataclass(frozen=True)
class Found:
    """A search's failure: the error, the comparison it failed on, the example's log."""

    error: BaseException
    compared: observations.Comparison | None
    log: list[Any]
    produced: list[Any]
    seen: frozenset[str] = frozenset()  # the classes its shrunk example met


@dataclass(frozen=True)
class Cause:
    """Input classes that break the property — one alone, or several only `together`; or, not
    narrowed down (`narrowed` False), the classes its failing example met — and the target's
    exception when it raised there."""

    classes: tuple[str, ...]
    together: bool = False
    narrowed: bool = True
    crash: str | None = None


@dataclass(frozen=True)
class Diagnosis:
    """A failing property's diagnosis: wrong on ordinary inputs (with the smallest failing case
    and, when the target raised, its crash), or every cause the searches found."""

    ordinary: bool
    causes: tuple[Cause, ...] = ()
    crash: str | None = None  # on ordinary inputs
    case: dict[str, Any] | None = None  # the smallest ordinary failing case (a Failure as JSON)

    def to_json(self) -> dict[str, Any]:
        return {"ordinary": self.ordinary, "causes": [{**vars(c), "classes": list(c.classes)}
                                                       for c in self.causes],
                "crash": self.crash, "case": self.case}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Diagnosis:
        causes = tuple(Cause(**{**c, "classes": tuple(c["classes"])}) for c in data["causes"])
        return cls(data["ordinary"], causes, data["crash"], data["case"])


def search(check: Any, adapter: Any, off: frozenset[str], shrink: bool = True) -> Found | None:
    """Run the property's search (the diagnosis profile: derandomised, no database) with the
    classes `off` switched off; the failure it ends on (the first one found unless `shrink`),
    or None when it passes (or no example exists outside those classes)."""
    profile = settings.get_profile("diagnosis")
    phases = profile.phases if shrink else tuple(p for p in profile.phases if p != Phase.shrink)

    @settings(profile, phases=phases)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        adapter.new_example()
        with as_pytest_outcomes():
            check(adapter, data)

    record = observations.Record()
    token = observations.current.set(record)
    try:
        with classify.switched_off(off):
            run()
    except (Unsatisfiable, pytest.skip.Exception):
        return None
    except (Exception, pytest.fail.Exception) as error:  # any failure, --require's included
        target = adapter.target
        return Found(error, record.compared, list(target.log), list(target.produced),
                     classify.seen())
    finally:
        observations.current.reset(token)
    return None


def crash_of(error: BaseException, target_file: str | None) -> str | None:
    """`TypeError: … (my_layers.py, line 42: y = -y_true)` when the target's own code raised
    (not a failed comparison of the suite's); None otherwise."""
    if isinstance(error, BaseExceptionGroup) and error.exceptions:
        error = error.exceptions[0]
    if isinstance(error, AssertionError):
        return None
    frames = [f for f in traceback.extract_tb(error.__traceback__) if _targets(f.filename, target_file)]
    first = str(error).strip().splitlines()
    what = f"{type(error).__name__}: {first[0]}" if first else type(error).__name__
    if not frames:
        return None
    last = frames[-1]
    return f"{what} ({Path(last.filename).name}, line {last.lineno}: {(last.line or '').strip()})"


def _targets(filename: str, target_file: str | None) -> bool:
    """Whether a traceback frame is in the target's code: its folder, not the suite's."""
    path = Path(filename).resolve()
    if target_file is None or path.is_relative_to(PROPERTIES) or "site-packages" in path.parts:
        return False
    return path.parent == Path(target_file).resolve().parent


MAX_CAUSES = 4  # a layer broken by more is reported with its first four


def diagnose(check: Any, adapter: Any, error: BaseException, seen: frozenset[str],
             describe: Any) -> Diagnosis:
    """Search again with classes switched off (on top of --without) after the property failed
    with `error` on an example that met `seen`; `describe(found)` turns the ordinary failure into
    the report's Failure. Each cause found is switched off and the search repeated, so that
    every class that breaks the property is named, not only the one Hypothesis shrank to."""
    base = classify.switched_off_now()
    every = frozenset(KEYS) | base
    target_file = getattr(adapter.target.module, "__file__", None)
    fails = _Fails(check, adapter)
    ordinary = search(check, adapter, every)
    if ordinary is not None:
        return Diagnosis(True, crash=crash_of(ordinary.error, target_file),
                         case=describe(ordinary).to_json())
    causes: list[Cause] = []
    excluded = set(base)
    found: Found | None = Found(error, None, [], [], seen)
    while found is not None and len(causes) < MAX_CAUSES:
        cause = _cause(fails, every, excluded, found.seen, crash_of(found.error, target_file))
        causes.append(cause)
        if not cause.narrowed or not cause.classes:
            break
        excluded |= set(cause.classes)
        found = search(check, adapter, frozenset(excluded))
    return Diagnosis(False, tuple(causes))


class _Fails:
    """Whether the property fails with exactly these classes on (the rest off): a search without
    shrinking (only pass or fail matters), each asked once."""

    def __init__(self, check: Any, adapter: Any) -> None:
        self.check, self.adapter = check, adapter
        self.known: dict[frozenset[str], bool] = {}

    def __call__(self, off: frozenset[str]) -> bool:
        if off not in self.known:
            self.known[off] = search(self.check, self.adapter, off, shrink=False) is not None
        return self.known[off]


def _cause(fails: _Fails, every: frozenset[str], excluded: set[str], seen: frozenset[str],
           crash: str | None) -> Cause:
    """What breaks the property in a failure that met `seen`: a class alone, among those (and
    in-place writes, which no argument shows); else the fewest of them that break it together."""
    candidates = [key for key in KEYS if key in seen | {"in_place"} and key not in excluded]
    for key in candidates:
        if fails(every - {key}):
            return Cause((key,), crash=crash)
    needed = set(candidates)
    if not fails(every - needed):
        return Cause(tuple(k for k in KEYS if k in seen), narrowed=False, crash=crash)
    for key in candidates:
        if fails(every - (needed - {key})):
            needed.discard(key)
    return Cause(tuple(k for k in KEYS if k in needed), together=True, crash=crash)
