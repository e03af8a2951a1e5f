"""`backprop-verify TARGET [options] [pytest options]`: the property catalogue and its verdict
report on a learner's file, from the installed package, under the suite's own pytest
configuration, with Hypothesis's database in a cache directory rather than the learner's folder."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

USAGE_TEXT = """usage: backprop-verify TARGET [--map ROLE=CLASS,…] [--require ROLES] [--init ROLE.PARAM=VALUE]
                       [--strict] [--import-timeout S] [--call-timeout S] [pytest options]

TARGET is a .py file, a .ipynb notebook or a dotted module name. Each class playing a role
(dense, relu, softmax, sigmoid, cce, bce, fused, linear, mse, mae, dropout) is found by its name
unless --map says. A role whose only failures lie beyond the training contract (SPEC.md, "Input
classes") is pass* and leaves the exit code alone; --strict counts them.
Exit codes:
{codes}"""


def cache_directory() -> Path:
    """Where the Hypothesis example database lives: the platform's per-user cache folder."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "backprop-spec"


def _split_target(args: list[str]) -> tuple[str, list[str]]:
    """TARGET is the first argument, or given as --impl=TARGET (as `tox -e verify -- --impl=…`
    passes it); without either, impl/ itself."""
    for i, arg in enumerate(args):
        if arg.startswith("--impl="):
            return arg.split("=", 1)[1], args[:i] + args[i + 1:]
    if not args[0].startswith("-"):
        return args[0], args[1:]
    from backprop_spec.properties.verify import DEFAULT_TARGET

    return DEFAULT_TARGET, args


class _RunConfig:
    """A plugin keeping the run's pytest configuration, for what the run left in its stash."""

    config: Any = None

    def pytest_configure(self, config: Any) -> None:
        self.config = config


def main(argv: list[str] | None = None) -> int:
    """Run the catalogue on TARGET; the exit code is one of properties/verify/exits.py's."""
    from backprop_spec.properties.verify import exits

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        codes = "\n".join(f"  {code:>2}  {meaning}" for code, meaning in exits.TABLE)
        print(USAGE_TEXT.format(codes=codes))
        return exits.CORRECT if args else exits.USAGE
    import pytest  # only now: pytest must import Hypothesis itself, to rewrite its asserts

    from backprop_spec.properties.verify import CHECKS

    os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(cache_directory() / "hypothesis"))
    # no plugin the learner happens to have installed (pytest-randomly reseeds, pytest-benchmark
    # writes .benchmarks/): only Hypothesis's, and xdist's where it is installed, for -n
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    plugins = ["-p", "_hypothesis_pytestplugin"]
    if importlib.util.find_spec("xdist") is not None:
        plugins += ["-p", "xdist.plugin"]
    target, rest = _split_target(args)
    # the command's --strict: pytest keeps that name for itself (its old --strict-markers)
    rest = ["--strict-verdict" if arg == "--strict" else arg for arg in rest]
    # the root above properties/ gives the tests a clone's node ids, from which Hypothesis
    # derives its derandomised seeds
    run = _RunConfig()
    code = int(pytest.main([str(CHECKS), f"--impl={target}", "-c", str(CHECKS.parent / "verify.ini"),
                            f"--rootdir={CHECKS.parents[2]}", *plugins, *rest], plugins=[run]))
    from backprop_spec.properties.verify.report import (
        UNUSABLE,  # after the run, which imported Hypothesis first
    )

    return exits.command_code(code, run.config is not None and UNUSABLE in run.config.stash)


if __name__ == "__main__":
    sys.exit(main())
