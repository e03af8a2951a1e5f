"""Keeps a target from changing NumPy for the suite: snapshots the functions of numpy, numpy.random
and numpy.linalg and the error and print settings before the target's code runs, puts back whatever
it replaced (nnfs.init() swaps np.dot, np.zeros and np.random.randn process-wide), and says what."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType
from typing import Any

import numpy as np

WATCHED = ("numpy", "numpy.random", "numpy.linalg")
NNFS_PATCHES = ("numpy.dot", "numpy.zeros", "numpy.random.randn")
_MISSING = object()


def _settings(values: dict[str, Any]) -> str:
    return ", ".join(f"{key}={value!r}" for key, value in values.items())


@dataclass(frozen=True)
class NumpyChanges:
    """What a target changed: attributes replaced, added or deleted (as `numpy.dot`), and the error
    and print settings it left behind (only those that differ)."""

    replaced: tuple[str, ...] = ()
    errors: tuple[tuple[str, Any], ...] = ()
    printing: tuple[tuple[str, Any], ...] = ()

    def sentences(self) -> tuple[str, ...]:
        """One sentence per kind of change, for the report."""
        found = []
        if self.replaced:
            cause = " (nnfs.init() usually does this)" if set(self.replaced) & set(NNFS_PATCHES) else ""
            found.append(f"replaced {', '.join(self.replaced)} at import{cause}; restored: the target's "
                         "layers run under plain NumPy")
        if self.errors:
            found.append(f"called np.seterr({_settings(dict(self.errors))}) at import; restored NumPy's "
                         "error state")
        if self.printing:
            found.append(f"called np.set_printoptions({_settings(dict(self.printing))}) at import; "
                         "restored NumPy's print options")
        return tuple(found)


def _public(module: ModuleType) -> dict[str, Any]:
    """The module's attributes a target could swap; dunders (a warning registry) and submodules
    (imported lazily by NumPy itself) are NumPy's own business."""
    return {name: value for name, value in vars(module).items()
            if not name.startswith("__") and not isinstance(value, ModuleType)}


class NumpyState:
    """NumPy's shared state when constructed; `restore()` returns to it and reports the changes."""

    def __init__(self) -> None:
        self.attributes = {name: _public(import_module(name)) for name in WATCHED}
        self.errors: dict[str, Any] = dict(np.geterr())
        self.printing: dict[str, Any] = dict(np.get_printoptions())

    def restore(self) -> NumpyChanges:
        replaced = []
        for name, before in self.attributes.items():
            module = import_module(name)
            now = _public(module)
            for attribute in before.keys() | now.keys():
                if now.get(attribute, _MISSING) is before.get(attribute, _MISSING):
                    continue
                replaced.append(f"{name}.{attribute}")
                if attribute in before:
                    setattr(module, attribute, before[attribute])
                else:
                    delattr(module, attribute)
        errors, printing = dict(np.geterr()), dict(np.get_printoptions())
        np.seterr(**self.errors)
        np.set_printoptions(**self.printing)
        return NumpyChanges(tuple(sorted(replaced, key=_patch_order)),
                            tuple((k, v) for k, v in errors.items() if self.errors[k] != v),
                            tuple((k, v) for k, v in printing.items() if self.printing.get(k) != v))


def _patch_order(name: str) -> tuple[int, str]:
    """nnfs.init()'s three first, in its order; the rest alphabetically."""
    return (NNFS_PATCHES.index(name), "") if name in NNFS_PATCHES else (len(NNFS_PATCHES), name)
