"""Tests of the learner corpus itself (not of the suite): the declared files exist and parse, the
declared classes are defined there, every role is declared, and each target really has the
feature it claims. Targets are read as text and parsed, never imported or run."""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.selftest.learners.catalogue import (
    ABSENT,
    BEYOND_NOTES,
    CORRECT,
    HERE,
    LEARNERS,
    ROLES,
    ROOT,
    WRONG,
    Learner,
)

FOLDER = ROOT / HERE
INFRASTRUCTURE = {"__init__.py", "catalogue.py", "conftest.py", "test_corpus.py", "test_verdicts.py"}
ids = [learner.name for learner in LEARNERS]
each = pytest.mark.parametrize("learner", LEARNERS, ids=ids)


def notebook_code(path: Path) -> str:
    """The code cells joined, IPython magics (%) and shell lines (!) dropped."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    lines = [line for cell in cells if cell["cell_type"] == "code"
             for line in "".join(cell["source"]).splitlines()]
    return "\n".join(line for line in lines if not line.lstrip().startswith(("%", "!")))


def source(path: Path) -> str:
    return notebook_code(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")


def tree(path: Path) -> ast.Module:
    return ast.parse(source(path), filename=str(path))


def classes(learner: Learner) -> dict[str, ast.ClassDef]:
    return {node.name: node for path in learner.files for node in ast.walk(tree(path))
            if isinstance(node, ast.ClassDef)}


def by(name: str) -> Learner:
    return next(learner for learner in LEARNERS if learner.name == name)


def method(learner: Learner, cls: str, name: str) -> ast.FunctionDef:
    return next(node for node in classes(learner)[cls].body
                if isinstance(node, ast.FunctionDef) and node.name == name)


def test_corpus_size_names_and_features_are_distinct() -> None:
    assert len(LEARNERS) >= 12
    assert len(set(ids)) == len(ids)
    assert len({learner.feature for learner in LEARNERS}) == len(LEARNERS)


@each
def test_declared_files_exist(learner: Learner) -> None:
    for path in learner.files:
        assert path.is_file(), path


def test_every_target_file_is_declared_and_none_looks_like_a_test() -> None:
    declared = {path for learner in LEARNERS for path in learner.files}
    found = {path for path in FOLDER.rglob("*") if path.suffix in (".py", ".ipynb")
             and path.name not in INFRASTRUCTURE and "__pycache__" not in path.parts}
    assert found == declared
    assert not [p for p in found if p.name.startswith("test_") or p.stem.endswith("_test")]


@pytest.mark.parametrize("path", sorted(p for p in FOLDER.rglob("*.py") if "__pycache__" not in p.parts),
                         ids=lambda p: str(p.relative_to(FOLDER)))
def test_python_file_compiles(path: Path) -> None:
    compile(path.read_text(encoding="utf-8"), str(path), "exec")  # compiled, never executed


def test_notebook_is_nbformat_4_with_magics_shell_lines_and_a_training_cell() -> None:
    path = FOLDER / "notebook.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    assert notebook["nbformat"] == 4 and notebook["metadata"]["language_info"]["name"] == "python"
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert len(code) >= 3
    assert all(cell["outputs"] == [] and "execution_count" in cell and "id" in cell for cell in code)
    raw = ["".join(cell["source"]) for cell in code]
    assert any("%matplotlib inline" in text for text in raw)
    assert any("!pip install nnfs" in text for text in raw)
    assert any(isinstance(node, ast.For) for node in tree(path).body)  # the training cell
    compile(notebook_code(path), str(path), "exec")


@each
def test_every_role_is_declared_with_a_consistent_verdict(learner: Learner) -> None:
    if not learner.usable:
        assert learner.roles == () and learner.messages
        return
    assert tuple(r.role for r in learner.roles) == ROLES
    for r in learner.roles:
        assert r.verdict in (CORRECT, WRONG, ABSENT)
        assert bool(r.cls) == (r.verdict != ABSENT), r
        assert bool(r.bug) == bool(r.shown_by) == (r.verdict == WRONG), r


@each
def test_declared_classes_are_defined_and_every_class_is_declared(learner: Learner) -> None:
    defined = set(classes(learner))
    declared = {*learner.role_map.values(), *learner.others}
    if learner.usable:
        assert defined == declared
        assert len(set(learner.role_map.values())) == len(learner.role_map)  # one class per role


def test_partial_set_has_no_class_for_its_absent_roles() -> None:
    learner = by("chapter9")
    assert {r.role for r in learner.roles if r.verdict == ABSENT} == {"sigmoid", "bce", *BEYOND_NOTES}
    names = " ".join(classes(learner)).lower()
    assert "sigmoid" not in names and "binary" not in names


def top_level_calls(learner: Learner) -> list[str]:
    return [ast.unparse(node.value.func) for node in tree(learner.files[0]).body
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)]


def has_main_guard(learner: Learner) -> bool:
    return any(isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)
               for node in tree(learner.files[0]).body)


def test_nnfs_stand_in_replaces_numpy_functions_at_import() -> None:
    learner = by("nnfs_standin")
    assert "init" in top_level_calls(learner)
    init = next(node for node in tree(learner.files[0]).body
                if isinstance(node, ast.FunctionDef) and node.name == "init")
    replaced = {ast.unparse(target) for node in ast.walk(init) if isinstance(node, ast.Assign)
                for target in node.targets}
    assert {"np.dot", "np.zeros", "np.random.randn"} <= replaced
    assert {f"numpy.{name.removeprefix('np.')}" for name in replaced if name.startswith("np.")} \
        == set(learner.messages)


def test_unguarded_loop_trains_at_import_without_a_main_guard() -> None:
    learner = by("unguarded_loop")
    loops = [node for node in tree(learner.files[0]).body if isinstance(node, ast.For | ast.While)]
    assert loops and not has_main_guard(learner)
    assert "EPOCHS = 10001" in source(learner.files[0])


def test_missing_package_imports_nnfs_which_is_not_installed() -> None:
    imported = {alias.name for node in tree(by("missing_package").files[0]).body
                if isinstance(node, ast.Import) for alias in node.names}
    assert "nnfs" in imported
    assert importlib.util.find_spec("nnfs") is None, "nnfs is installed: the declared verdict is void"


def test_hanging_backward_loop_never_advances_its_counter() -> None:
    loop = next(node for node in ast.walk(method(by("hanging_backward"), "Activation_ReLU", "backward"))
                if isinstance(node, ast.While))
    counter = ast.unparse(loop.test).split()[0]
    assigned = {ast.unparse(node.target) for node in ast.walk(loop) if isinstance(node, ast.AugAssign)}
    assert counter == "row" and counter not in assigned
    assert by("hanging_backward").role("relu").verdict == WRONG


def test_two_file_target_imports_its_sibling_by_bare_name() -> None:
    learner = by("two_files")
    modules = {node.module for node in tree(learner.files[0]).body if isinstance(node, ast.ImportFrom)}
    assert "activations" in modules and learner.files[1].stem == "activations"
    assert {"Activation_ReLU", "Activation_Softmax"} <= {node.name for node in tree(learner.files[1]).body
                                                          if isinstance(node, ast.ClassDef)}


def test_training_flag_and_required_constructor_arguments() -> None:
    flagged = by("training_flag")
    for cls in ("Layer_Dense", "Activation_ReLU", "Activation_Softmax", "Activation_Sigmoid"):
        args = method(flagged, cls, "forward").args
        assert [a.arg for a in args.args][-1] == "_training" and not args.defaults
    init = method(by("required_args"), "Layer_Dense", "__init__").args
    assert len(init.args) == 7 and not init.defaults  # self and six required arguments
    assert len(method(by("required_args"), "Layer_Dropout", "__init__").args.args) == 2


def test_renamed_methods_and_attributes() -> None:
    dense = classes(by("pass_methods"))["Layer_Dense"]
    passes = {node.name for node in dense.body if isinstance(node, ast.FunctionDef)}
    assert {"forward_pass", "backwards_pass"} <= passes and "backward" not in passes
    text = source(by("d_attributes").files[0])
    assert "self.d_inputs" in text and "self.outputs" in text and "self.dinputs" not in text


def test_transposed_dense_stores_neurons_first() -> None:
    init = ast.unparse(method(by("transposed_weights"), "Layer_Dense", "__init__"))
    assert "randn(n_neurons, n_inputs)" in init


def test_collection_imported_no_target_and_left_numpy_alone() -> None:
    learner_files = {path.resolve() for learner in LEARNERS for path in learner.files}
    loaded = {Path(module.__file__).resolve() for module in list(sys.modules.values())
              if getattr(module, "__file__", None)}
    assert not loaded & learner_files
    for function in (np.dot, np.zeros, np.random.randn):
        # NumPy 1.x's C functions have __module__ None; a patch written in Python names its module
        assert (getattr(function, "__module__", None) or "numpy").startswith("numpy"), function
