"""backprop-spec: a property-based verification and specification suite for hand-written NumPy
backpropagation, installed as this one package. Its parts live in the repository's top-level
folders and install beneath it: backprop_spec.spec (what each operation is), .symbolic (SymPy
derives and proves), .properties (inputs, numerics, the target, the catalogue, the pytest
binding) and .impl (the reference implementation, numpy only).

Importing this package imports nothing else, so `backprop_spec.impl` stays numpy-only; `main`
(the `backprop-verify` command, callable with a list of arguments) loads on first use."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any

PARTS = ("spec", "symbolic", "properties", "impl")
# Installed (a wheel, or setuptools' editable mapping), the parts are found beneath this package. In
# a source tree run without an install (PYTHONPATH=clone, mutmut's copy of the tree) they sit beside
# this folder instead: look there too. An installed package never has them beside it.
_beside = Path(__file__).resolve().parent.parent
if not (Path(__file__).resolve().parent / "impl").is_dir() and all(
        (_beside / part / "__init__.py").is_file() for part in PARTS):
    __path__.append(str(_beside))

try:
    __version__ = metadata.version("backprop-spec")
except metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "unknown"

__all__ = ["__version__", "main"]


def __getattr__(name: str) -> Any:
    if name == "main":
        from backprop_spec.properties.verify.cli import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
