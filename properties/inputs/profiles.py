"""The suite's Hypothesis profiles, registered in this one place.

dev       — the default: 100 examples a property, random seeds, the example database on.
ci        — chosen when CI=true: the same examples as dev, derandomised and without a database, so a
            CI verdict is reproducible from the commit alone.
thorough  — thousands of examples a property (tox -e thorough, sharded with pytest-xdist).
verdict   — ci without the shrink phase, for the self-tests that need only pass or fail (each
            property against its designated mutant): shrinking a failure costs most of a run.
diagnosis — ci with every health check off, for the diagnosis's searches with input classes
            switched off (properties/verify/diagnosis.py): many draws are then rejected.
Deadlines are off in every profile: a loaded 2-core machine must not turn a slow example into
a false failure; speed is measured by benchmarks instead.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, Phase, settings

# Every profile descends from Hypothesis's own "default" profile, never from whatever is loaded
# when this module is imported: Hypothesis loads its built-in "ci" profile (derandomised) by
# itself when it sees a CI variable — tox's __TOX_ENVIRONMENT_VARIABLE_ORIGINAL_CI among them —
# and "dev" must stay the random-seeded profile a user runs, wherever it is registered.
_COMMON: dict[str, Any] = dict(parent=settings.get_profile("default"), deadline=None, print_blob=True,
                               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

settings.register_profile("dev", max_examples=100, **_COMMON)
settings.register_profile("ci", max_examples=100, derandomize=True, database=None, **_COMMON)
settings.register_profile("thorough", max_examples=2500, **_COMMON)
settings.register_profile("verdict", parent=settings.get_profile("ci"),
                          phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target])

settings.register_profile("diagnosis", parent=settings.get_profile("ci"),
                          suppress_health_check=list(HealthCheck))


def filtering(name: str) -> str:
    """`name` with every health check off: a run with input classes switched off (--without)
    rejects the examples of those classes the strategies still draw."""
    derived = f"{name}, classes off"
    settings.register_profile(derived, parent=settings.get_profile(name),
                              suppress_health_check=list(HealthCheck))
    return derived


def selected() -> str:
    """HYPOTHESIS_PROFILE if set, else ci under CI=true, else dev."""
    if os.environ.get("HYPOTHESIS_PROFILE"):
        return os.environ["HYPOTHESIS_PROFILE"]
    return "ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev"
