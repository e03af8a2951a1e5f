"""What was run, for the head of the verdict: the suite's version, the target, the versions of
Python and the libraries the verdict depends on, the Hypothesis profile and the seed."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from typing import Any

import hypothesis
import numpy as np
import pytest
import sympy
from hypothesis import settings

from backprop_spec import __version__

SUITE = "backprop-spec"


def _seed(option: str | None) -> int | str | None:
    """--hypothesis-seed as Hypothesis reads it: an integer where the text is one."""
    try:
        return None if option is None else int(option)
    except ValueError:
        return option


@dataclass(frozen=True)
class Header:
    """The run's identity; `seed` is --hypothesis-seed's value, None when none was given, and a
    derandomising profile takes precedence over it (each test's seed then comes from its name)."""

    suite: str
    version: str
    target: str
    python: str
    numpy: str
    sympy: str
    hypothesis: str
    profile: str
    derandomize: bool
    seed: int | str | None

    @classmethod
    def of(cls, config: pytest.Config) -> Header:
        return cls(SUITE, __version__, str(config.getoption("--impl")), platform.python_version(),
                   np.__version__, sympy.__version__, hypothesis.__version__,
                   settings.get_current_profile_name(), bool(settings().derandomize),
                   _seed(config.getoption("hypothesis_seed", None)))

    def seeding(self) -> str:
        if self.derandomize:
            return "derandomised (each test's seed derived from its name)"
        return "random" if self.seed is None else str(self.seed)

    def lines(self) -> list[str]:
        return [f"suite: {self.suite} {self.version} · target: {self.target}",
                f"versions: Python {self.python} · NumPy {self.numpy} · SymPy {self.sympy} · "
                f"Hypothesis {self.hypothesis}",
                f"Hypothesis profile: {self.profile} · seed: {self.seeding()}"]

    def to_json(self) -> dict[str, Any]:
        return dict(vars(self))
