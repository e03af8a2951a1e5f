"""Loads the target to verify — a dotted module name, a .py file or a .ipynb notebook — so that it
can neither change nor stall the suite: a file is first imported in a child process (probe.py); one
that trains, exits, fails at import or imports a package the suite's Python lacks is loaded as its
definitions only, each import of a missing package bound to a stand-in that fails, with the install
command, only where a class uses it (standins.py); NumPy is restored after; and what happened comes
back as sentences for the report, or as TargetUnusable saying what to do."""

from __future__ import annotations

import importlib
import importlib.util
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from backprop_spec.properties.target.execution import (
    Failure,
    Outcome,
    Target,
    TargetUnusable,
    describe,
    new_module,
    read_target,
    run,
    syntax_error,
)
from backprop_spec.properties.target.isolation import NumpyState
from backprop_spec.properties.target.probe import probe
from backprop_spec.properties.target.standins import KNOWN_PACKAGES, PIP_NAMES, install_command
from backprop_spec.properties.target.watchdog import time_limit

__all__ = ["Loaded", "TargetUnusable", "load"]

PACKAGE = "backprop_spec"  # the suite's one top-level name; a learner's spec.py or impl.py is theirs
SUFFIXES = (".py", ".ipynb")
GUARD = '`if __name__ == "__main__":`'


@dataclass(frozen=True)
class Loaded:
    """A loaded target: its module; its file (None for a module name); how it was loaded
    ("imported", "definitions only", "notebook code cells", "notebook definitions only"); and
    sentences the report should show about it (NumPy restored, statements dropped, …)."""

    module: ModuleType
    path: Path | None
    how: str
    events: tuple[str, ...]


def load(spec: str, *, import_timeout: float = 10.0) -> Loaded:
    """The target `spec` names: a dotted module name (imported here, under the time limit), or the
    path of a .py file or .ipynb notebook (probed in a child process first; its folder goes on
    sys.path so that its sibling files import). `import_timeout` is how long its import may run."""
    if not (isinstance(import_timeout, int | float) and 0 < import_timeout < math.inf):
        raise ValueError(f"import_timeout must be a positive number of seconds; got {import_timeout!r}")
    path = _path(spec)
    if path is None:
        return _import_module(spec, import_timeout)
    return _load_file(path, import_timeout)


def _load_file(path: Path, seconds: float) -> Loaded:
    """Whole if it imports in the probe, else its definitions only if those do (a package that is not
    installed stood in for), else TargetUnusable: a syntax error, or a missing module that is no
    package but the learner's file (execution.py leaves those imports failing), says what to fix."""
    target = read_target(path)
    _refuse_clash(path.parent)
    broken = syntax_error(target)
    if broken:
        raise TargetUnusable(_unusable(broken, path.name))
    result, whole = _attempt(target, whole=True, seconds=seconds)
    if isinstance(result, ModuleType):
        how = "notebook code cells" if target.is_notebook else "imported"
        return Loaded(result, path, how, _events(target, whole))
    if result.kind == "syntax":
        raise TargetUnusable(_unusable(result, path.name))
    fallback, parts = _attempt(target, whole=False, seconds=seconds)
    if isinstance(fallback, ModuleType):
        how = "notebook definitions only" if target.is_notebook else "definitions only"
        return Loaded(fallback, path, how, (_fallback(path.name, result, seconds),
                                            *_events(target, whole, parts)))
    if fallback.kind in ("missing", "syntax"):
        raise TargetUnusable(_unusable(fallback, path.name))
    raise TargetUnusable(f"{_cause(path.name, result, seconds)}, and loading only its imports, definitions "
                         f"and constants failed too: {_cause(path.name, fallback, seconds)}")


def _attempt(target: Target, *, whole: bool, seconds: float) -> tuple[ModuleType | Failure, Outcome]:
    """Probe the target in a child process; if that ran through, run it here too. The module (or
    the failure of whichever run failed) and the outcome of the last run."""
    outcome = probe(target, whole=whole, seconds=seconds)
    if outcome.failure is None:
        module = new_module(target)
        # the probe took less than `seconds`, so this limit is a generous margin, for a target
        # that behaves differently here (a C call it makes never returns: only the probe stops that)
        outcome = run(target, module, whole=whole, seconds=2 * seconds + 1)
        if outcome.failure is None:
            return module, outcome
        sys.modules.pop(target.module_name, None)
    return outcome.failure, outcome


def _path(spec: str) -> Path | None:
    """The file `spec` names, checked; None when it is a dotted module name."""
    looks_like_file = spec.lower().endswith(SUFFIXES) or "/" in spec or "\\" in spec or Path(spec).is_file()
    if not looks_like_file:
        if spec and all(part.isidentifier() for part in spec.split(".")):
            return None
        raise TargetUnusable(f"{spec!r} is neither the path of a .py file or .ipynb notebook nor a module "
                             "name: pass the file that defines your layers")
    path = Path(spec).expanduser().resolve()
    if not path.exists():
        raise TargetUnusable(f"{spec}: no such file ({path}); expected a .py file or a .ipynb notebook")
    if path.is_dir():
        raise TargetUnusable(f"{spec} is a folder; pass the .py file (or .ipynb notebook) in it that "
                             "defines your layers")
    if path.suffix.lower() not in SUFFIXES:
        kind = f"a {path.suffix} file" if path.suffix else "a file without a suffix"
        raise TargetUnusable(f"{spec} is {kind}; expected a .py file or a .ipynb notebook")
    return path


def _refuse_clash(folder: Path) -> None:
    """The target's folder goes on sys.path: a file there named like the suite's package would stand
    in for it (and the target, importing it, would get the suite's instead)."""
    own = Path(sys.modules[PACKAGE].__file__ or "").resolve()
    for candidate in (folder / f"{PACKAGE}.py", folder / PACKAGE / "__init__.py"):
        if candidate.is_file() and candidate.resolve() != own:
            raise TargetUnusable(f"{candidate} has the name of the suite's own package {PACKAGE!r}, and "
                                 f"{folder} goes on sys.path so that the target's sibling files "
                                 "import: rename it (and the target's imports of it)")


def _events(target: Target, *outcomes: Outcome) -> tuple[str, ...]:
    """NumPy's restorations (each said once), a notebook's dropped lines, the imports of missing
    packages stood in for, the skipped definitions."""
    events = [sentence for outcome in outcomes for sentence in outcome.numpy]
    if target.dropped:
        events.append(f"left out {target.path.name}'s IPython magic and shell lines: "
                      f"{'; '.join(target.dropped)}")
    if outcomes[-1].standins:
        events.append(_stood_in(target.path.name, outcomes[-1].standins))
    events.extend(outcomes[-1].skipped)
    return tuple(dict.fromkeys(events))


def _stood_in(name: str, packages: tuple[str, ...]) -> str:
    """`imports skipped (not installed here): nnfs, matplotlib — classes that use them fail with the
    install command: pipx inject backprop-spec nnfs matplotlib (…)`, and for a name no known
    package has, where to put it if it is the learner's own file."""
    sentence = (f"imports skipped (not installed here): {', '.join(packages)} — classes that use them fail "
                f"with the install command: {install_command(*packages)}")
    for package in packages:
        if package not in KNOWN_PACKAGES:
            sentence += f"; if {package} is one of your own files, put {package}.py next to {name}"
    return sentence


def _cause(name: str, failure: Failure, seconds: float) -> str:
    """`unguarded_loop.py was still running after 10 s at import (at unguarded_loop.py:160)`."""
    if failure.kind == "timeout":
        return f"{name} was still running after {seconds:g} s at import" + \
            (f" (at {failure.where})" if failure.where else "")
    if failure.kind == "crash":
        return f"{name} {failure.summary}"
    called_from = f" (called from {failure.statement})" if failure.statement else ""
    if failure.kind == "missing":
        return f"{failure.where or name} imports {failure.module}, which is not installed here{called_from}"
    return f"{failure.where or name} {failure.summary} at import{called_from}"


def _remedy(cause: Failure) -> str:
    return {"timeout": "the training code", "exit": "that call"}.get(cause.kind,
                                                                       "the code that runs at import")


def _fallback(name: str, cause: Failure, seconds: float) -> str:
    loaded = (f"{_cause(name, cause, seconds)}, so only its imports, definitions and constants were loaded "
              "(its other top-level statements were dropped)")
    if cause.kind == "missing":  # the remedy, installing it, is the stood-in imports' sentence
        return loaded
    return f"{loaded}; to avoid this, put {_remedy(cause)} under {GUARD}"


def _unusable(failure: Failure, name: str, *, is_file: bool = True) -> str:
    """The message for a missing module or a syntax error of target `name`: what to install (or,
    for a file, where a missing sibling file should be), or which line to fix."""
    if failure.kind == "syntax":
        return f"{failure.where} {failure.summary}: fix that line"
    top = failure.module.partition(".")[0]
    message = (f"{failure.where or name} imports {failure.module}, which is not installed in this Python "
               f"({sys.executable}): pip install {PIP_NAMES.get(top, top)}")
    if top == "nnfs":
        return (f"{message}. nnfs only provides nnfs.init() and datasets, which the suite does not need, "
                f"so the import could also be moved under {GUARD} with the code that uses them")
    if is_file and top not in PIP_NAMES:
        message += f" (or, if {top} is one of your own files, put {top}.py next to {name})"
    return message


def _outside_python(filename: str) -> bool:
    """A traceback line of a module target's own code: not the import machinery nor this file."""
    return not filename.startswith("<") and filename != __file__ and not any(
        Path(filename).is_relative_to(prefix) for prefix in {sys.prefix, sys.base_prefix})


def _import_module(name: str, seconds: float) -> Loaded:
    """A dotted module name, imported in this process under the NumPy guard and the time limit."""
    numpy = NumpyState()
    try:
        with time_limit(seconds, f"the import of {name}"):
            module = importlib.import_module(name)
    except (Exception, SystemExit) as err:
        if isinstance(err, ModuleNotFoundError) and err.name and (name + ".").startswith(err.name + "."):
            raise TargetUnusable(f"{name!r}: no module of that name can be imported here, and it is no "
                                 "file: pass the path of a .py file or .ipynb notebook, or an importable "
                                 "module name") from None
        failure = describe(err, _outside_python)
        if failure.kind in ("missing", "syntax"):
            raise TargetUnusable(_unusable(failure, name, is_file=False)) from None
        raise TargetUnusable(f"{_cause(name, failure, seconds)}: put {_remedy(failure)} under {GUARD}, "
                             "or pass the path of its file, so that its definitions alone can be loaded"
                             ) from None
    finally:
        changes = numpy.restore()
    if getattr(module, "__file__", None) is None:
        raise TargetUnusable(f"{name!r} is a folder without an __init__.py, not a module: pass the .py file "
                             "(or .ipynb notebook) in it that defines your layers")
    return Loaded(module, None, "imported", changes.sentences())
