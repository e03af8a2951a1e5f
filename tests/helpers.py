"""The helpers several test modules share, in one place (a test module never imports another):
the repository's root, the runner of the property suite in a child pytest, the reading of its
output, the catalogue's keys, the symbolic proofs run once per session, and the small reference
functions the numeric tests differentiate."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np
from hypothesis import strategies as st

from backprop_spec.properties.catalogue.index import BY_KEY, BY_NODE_ID, CATALOGUE
from backprop_spec.symbolic import proofs
from tests.selftest.targets.catalogue import TARGETS

ROOT = Path(__file__).resolve().parents[1]
CHECKS = "properties/verify/checks"  # the shipped catalogue's test folder, as a clone's run names it

# --- the property suite in a child pytest -------------------------------------------------------

FAILED_TEST = re.compile(r"^FAILED (\S+)", re.MULTILINE)
SUMMARY_COUNT = re.compile(r"(\d+) (passed|skipped|failed|errors?)\b")


def run_pytest(module: str, *args: str, profile: str | None = None, timeout: int = 600,
               diagnosis: bool = False) -> tuple[int, float, str]:
    """(exit code, wall seconds, output) of `python -m pytest ARGS` against `module`, in the
    Hypothesis `profile` (None: the default dev profile, as a user runs it; CI is unset), without
    the diagnosis's searches unless asked (tests/selftest/test_diagnosis.py checks them)."""
    args = args if diagnosis else (*args, "--no-diagnosis")
    env = {**os.environ, "BACKPROP_IMPL": module}
    env.pop("CI", None)
    env.pop("HYPOTHESIS_PROFILE", None)
    if profile is not None:
        env["HYPOTHESIS_PROFILE"] = profile
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout,
                          check=False)
    return done.returncode, time.perf_counter() - start, done.stdout + done.stderr


def run_suite(module: str) -> tuple[int, float, str]:
    """The property suite against `module` as a user would run it: -x, dev profile, seed 0."""
    return run_pytest(module, CHECKS, "-x", "--hypothesis-seed=0")


def summary_counts(output: str) -> dict[str, int]:
    """{"passed": 71, "skipped": 3, ...} from pytest's last summary line ({} if there is none)."""
    lines = [line for line in output.splitlines() if re.search(r"\d+ (passed|failed|skipped)", line)]
    return {kind: int(count) for count, kind in SUMMARY_COUNT.findall(lines[-1])} if lines else {}


# --- the catalogue's properties, as the self-tests key them -------------------------------------

OPERATION = {p.key: p.op for p in CATALOGUE}
PROPERTIES = list(OPERATION)


def failed_properties(output: str) -> set[str]:
    """The catalogue properties (`module.name`) whose test failed in a pytest -rf output; only the
    catalogue's node ids count (the smoke pass's and the past failures' fixed inputs are not its
    search)."""
    return {BY_NODE_ID[node].key for node in FAILED_TEST.findall(output) if node in BY_NODE_ID}


def run_property(prop: str, mutant: str) -> tuple[int, float, str]:
    """(exit code, wall seconds, output) of the one property test against the mutant, every
    failure counted (--strict-verdict): kill power is whether the property fails, whatever the
    kind of its input class."""
    return run_pytest(f"{TARGETS}.mutants.{mutant}", BY_KEY[prop].node_id, "-rf", "--strict-verdict",
                      profile="verdict")


# --- the symbolic proofs ------------------------------------------------------------------------

@cache
def proof(name: str) -> proofs.ProofResult:
    """Each proof runs once per session, however many tests read it."""
    return proofs.run(name)


# --- reference functions the numeric tests differentiate ----------------------------------------

LINEAR_MAP = np.random.default_rng(0).standard_normal((3, 4))


def vectors(n: int, bound: float, dtype: type = np.float64) -> st.SearchStrategy[np.ndarray]:
    """Length-n arrays of floats in [−bound, bound] (lists, which draw faster than arrays())."""
    width: Literal[32, 64] = 32 if dtype == np.float32 else 64
    elements = st.floats(-bound, bound, width=width)
    return st.lists(elements, min_size=n, max_size=n).map(lambda xs: np.array(xs, dtype=dtype))


def softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - np.max(z.real))
    return e / e.sum()


def softmax_vjp(z: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Jᵀg with J = diag(s) − s sᵀ: s ⊙ (g − ⟨s, g⟩)."""
    s = softmax(z)
    return s * (g - s @ g)
