"""Runs a target file's code into a fresh module, whole or as its definitions only (imports,
functions, classes, constants; an import of a package that is not installed bound to stand-ins,
standins.py), under a time limit, with NumPy and sys.argv shielded and no bytecode written beside
the learner's files, and describes a failure by the target's own file and line. The import probe (a
child process) and the loader (the suite's process) both run a target through here, so that they
see the same thing."""

from __future__ import annotations
import __future__ as future_features

import ast
import importlib.util
import linecache
import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from backprop_spec.properties.target.isolation import NumpyState
from backprop_spec.properties.target.notebook import read_notebook
from backprop_spec.properties.target.standins import MissingPackage, StandIn, is_package
from backprop_spec.properties.target.watchdog import CallTimeout, time_limit

IMPORTS = ast.Import | ast.ImportFrom
DEFINED = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Assign | ast.AnnAssign
CELL_NAME = re.compile(r", cell \d+$")


class TargetUnusable(Exception):
    """The target cannot be judged; str(err) says why and what to do (no traceback needed)."""


@dataclass(frozen=True)
class Target:
    """A target file's code as (filename, source) cells: one for a .py file, named by its path;
    one per code cell of a notebook, named like "notebook.ipynb, cell 3"; and a notebook's
    dropped magic and shell lines."""

    path: Path
    cells: tuple[tuple[str, str], ...]
    dropped: tuple[str, ...] = ()

    @property
    def is_notebook(self) -> bool:
        return self.path.suffix.lower() == ".ipynb"

    @property
    def module_name(self) -> str:
        return "backprop_target_" + re.sub(r"\W", "_", self.path.stem)

    def owns(self, filename: str) -> bool:
        """Whether code compiled from `filename` is the learner's: a cell, or a file of its folder."""
        if any(filename == name for name, _ in self.cells):
            return True
        path = Path(filename)
        return (path.is_absolute() and path.is_relative_to(self.path.parent)
                and {"site-packages", "dist-packages"}.isdisjoint(path.parts))


def read_target(path: Path) -> Target:
    """The code of a .py file or of a notebook's code cells."""
    if path.suffix.lower() == ".ipynb":
        try:
            notebook = read_notebook(path)
        except ValueError as err:
            raise TargetUnusable(str(err)) from None
        return Target(path, notebook.cells, notebook.dropped)
    try:
        source = importlib.util.decode_source(path.read_bytes())
    except OSError as err:
        raise TargetUnusable(f"{path} cannot be read ({err.strerror})") from None
    except (SyntaxError, UnicodeDecodeError) as err:  # a bad coding line; bytes that are not text
        raise TargetUnusable(f"{path.name} cannot be read as Python source ({err}): save it as UTF-8 "
                             "text") from None
    return Target(path, ((str(path), source),))


def place(filename: str, line: int | None) -> str:
    """`layers.py:12`, or `notebook.ipynb, cell 3, line 4` in a notebook."""
    if CELL_NAME.search(filename):
        return f"{filename}, line {line}" if line else filename
    name = Path(filename).name
    return f"{name}:{line}" if line else name


@dataclass(frozen=True)
class Failure:
    """Why a target's code stopped. kind: "timeout" (still running at the limit), "exit"
    (SystemExit), "missing" (imports a module that is not installed), "syntax", "error" (another
    exception) or "crash" (the probe's process ended without a report)."""

    kind: str
    summary: str  # a clause: "called sys.exit(3)", "raised KeyError: 'x'", "imports nnfs"
    where: str = ""  # the target's own line, as place() writes it; "" when unknown
    module: str = ""  # for "missing": the module's name
    statement: str = ""  # the module-level line that called `where`, when that is another line


def describe(err: BaseException, owns: Callable[[str], bool]) -> Failure:
    """The failure `err` stands for, placed at the innermost traceback line that `owns` accepts
    (for a timeout, the innermost such line of module-level code: the loop that runs at import)."""
    where = statement = ""
    frames = err.__traceback__
    while frames is not None:
        code = frames.tb_frame.f_code
        if owns(code.co_filename):
            where = place(code.co_filename, frames.tb_lineno)
            statement = where if code.co_name == "<module>" else statement
        frames = frames.tb_next
    if isinstance(err, CallTimeout):
        return Failure("timeout", "was still running", statement or where)
    if isinstance(err, SyntaxError):
        text = (err.text or "").strip()
        return Failure("syntax", f"has a syntax error ({err.msg})" + (f": {text}" if text else ""),
                       place(err.filename or "<unknown>", err.lineno))
    caller = "" if statement == where else statement
    if isinstance(err, ModuleNotFoundError) and err.name and not isinstance(err, MissingPackage):
        return Failure("missing", f"imports {err.name}", where, err.name, caller)
    if isinstance(err, SystemExit):
        status = "" if err.code is None else repr(err.code)
        return Failure("exit", f"called sys.exit({status})", where, statement=caller)
    return Failure("error", f"raised {type(err).__name__}: {err}", where, statement=caller)


def syntax_error(target: Target) -> Failure | None:
    """The first syntax error of the target's own code (compiling runs nothing), if any."""
    for filename, source in target.cells:
        try:
            with warnings.catch_warnings():  # they are shown when the code is compiled to run
                warnings.simplefilter("ignore")
                compile(source, filename, "exec", dont_inherit=True)
        except SyntaxError as err:
            return describe(err, target.owns)
    return None


def _calls(node: ast.AST) -> bool:
    """Whether evaluating `node` now calls anything (a lambda's body runs later)."""
    if isinstance(node, ast.Call):
        return True
    children = [node.args] if isinstance(node, ast.Lambda) else ast.iter_child_nodes(node)
    return any(_calls(child) for child in children)


def _constant(statement: ast.stmt) -> bool:
    return (isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None
            and not _calls(statement))


def _kept(statement: ast.stmt) -> bool:
    if isinstance(statement, IMPORTS | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return True
    if isinstance(statement, ast.Try | ast.TryStar):
        inner = [*statement.body, *(s for handler in statement.handlers for s in handler.body),
                 *statement.orelse, *statement.finalbody]
        return (any(isinstance(s, IMPORTS) for s in statement.body)
                and all(isinstance(s, IMPORTS | ast.Pass) or _constant(s) for s in inner))
    return _constant(statement)


def definitions(tree: ast.Module) -> list[ast.stmt]:
    """The top-level statements kept when a module cannot be run whole: imports (and `try:` blocks
    made of imports), function and class definitions, assignments with no call (constants)."""
    return [statement for statement in tree.body if _kept(statement)]


def _future_flags(tree: ast.Module) -> int:
    """Compiler flags of the module's `from __future__ import …`, for statements compiled apart."""
    flags = 0
    for statement in tree.body:
        if isinstance(statement, ast.ImportFrom) and statement.module == "__future__":
            for alias in statement.names:
                flags |= getattr(future_features, alias.name).compiler_flag
    return flags


@dataclass(frozen=True)
class Outcome:
    """What running a target's code did: the failure that stopped it (None if it ran through),
    the sentences on what it changed in NumPy (restored), the definitions skipped because they
    raised and the packages whose imports were bound to stand-ins, by their top-level names
    (definitions-only runs)."""

    failure: Failure | None = None
    numpy: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    standins: tuple[str, ...] = ()


def new_module(target: Target) -> ModuleType:
    """An empty module for the target, registered in sys.modules under backprop_target_<stem>."""
    module = ModuleType(target.module_name)
    module.__file__ = str(target.path)
    sys.modules[target.module_name] = module
    return module


def _one_name_each(statement: ast.Import | ast.ImportFrom) -> list[ast.Import | ast.ImportFrom]:
    """`import numpy as np, nnfs` as one statement a name, so that each import stands or falls alone."""
    parts: list[ast.Import | ast.ImportFrom] = [
        ast.Import([alias]) if isinstance(statement, ast.Import)
        else ast.ImportFrom(statement.module, [alias], statement.level) for alias in statement.names]
    return [ast.fix_missing_locations(ast.copy_location(part, statement)) for part in parts]


def _stand_ins(statement: ast.Import | ast.ImportFrom, part: ast.Import | ast.ImportFrom,
               err: ModuleNotFoundError, folder: Path) -> dict[str, StandIn] | None:
    """The names `part` (one name of `statement`) binds, each to a stand-in, when it failed because
    its package is not installed (is_package); None when it is some other failure: a submodule
    missing from an installed package, a relative import, a file of the learner's not found."""
    names: tuple[str, ...] = ()
    if isinstance(statement, ast.Import):
        module = part.names[0].name
    elif statement.level or statement.module is None:
        return None
    else:
        module, names = statement.module, tuple(alias.name for alias in statement.names)
    package = module.partition(".")[0]
    if isinstance(err, MissingPackage) or err.name != package or not is_package(module, names, folder):
        return None
    alias = part.names[0]
    if isinstance(part, ast.Import):
        return {alias.asname: StandIn(module)} if alias.asname else {package: StandIn(package)}
    return {} if alias.name == "*" else {alias.asname or alias.name: StandIn(f"{module}.{alias.name}")}


def _import(target: Target, statement: ast.Import | ast.ImportFrom, filename: str, flags: int,
            namespace: dict[str, object], standins: list[str]) -> None:
    """Run an import of the definitions; a name whose package is not installed gets a stand-in."""
    for part in _one_name_each(statement):
        code = compile(ast.Module([part], type_ignores=[]), filename, "exec", flags=flags, dont_inherit=True)
        try:
            exec(code, namespace)
        except ModuleNotFoundError as err:
            bound = _stand_ins(statement, part, err, target.path.parent)
            if bound is None:
                raise
            namespace.update(bound)
            standins.append(str(err.name))


def _execute(target: Target, module: ModuleType, whole: bool, skipped: list[str],
             standins: list[str]) -> None:
    flags = 0
    for filename, source in target.cells:
        if target.is_notebook:  # tracebacks and inspect.getsource find a cell's lines here
            linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
        tree = ast.parse(source, filename)
        flags |= _future_flags(tree)
        if whole:
            exec(compile(tree, filename, "exec", flags=flags, dont_inherit=True), vars(module))
            continue
        for statement in definitions(tree):
            if isinstance(statement, IMPORTS):
                _import(target, statement, filename, flags, vars(module), standins)
                continue
            code = compile(ast.Module([statement], type_ignores=[]), filename, "exec", flags=flags,
                           dont_inherit=True)
            try:
                exec(code, vars(module))
            except Exception as err:  # a definition that needs what was dropped: go on without it
                stops = isinstance(err, CallTimeout | ImportError) and not isinstance(err, MissingPackage)
                if stops or not isinstance(statement, DEFINED):
                    raise
                skipped.append(f"{place(filename, statement.lineno)} {describe(err, target.owns).summary} "
                               "while only the definitions were loaded; skipped it")


def run(target: Target, module: ModuleType, *, whole: bool, seconds: float) -> Outcome:
    """Execute the target's code in `module`, all of it or only its definitions, with its folder on
    sys.path (for its sibling files), sys.argv as if it ran as a script, no .pyc written (its
    sibling files' __pycache__ would land in the learner's folder), stopped after `seconds`;
    NumPy is restored afterwards whatever happened."""
    folder = str(target.path.parent)
    if folder not in sys.path:
        sys.path.insert(0, folder)
    numpy, argv, bytecode = NumpyState(), sys.argv, sys.dont_write_bytecode
    skipped: list[str] = []
    standins: list[str] = []
    failure = None
    sys.argv = [str(target.path)]
    sys.dont_write_bytecode = True
    try:
        with time_limit(seconds, f"the import of {target.path.name}"):
            _execute(target, module, whole, skipped, standins)
    except (Exception, SystemExit) as err:
        failure = describe(err, target.owns)
    finally:
        sys.argv, sys.dont_write_bytecode = argv, bytecode
        changes = numpy.restore()
    return Outcome(failure, changes.sentences(), tuple(skipped), tuple(dict.fromkeys(standins)))
