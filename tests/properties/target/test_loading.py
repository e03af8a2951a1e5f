"""The target loader (properties/target/loading.py): the learner corpus's hazardous files (nnfs.init()'s
patches, a training loop at import, a missing package, sibling files, a notebook) and tiny files
that exit, raise, crash, hang in C or break the syntax, loaded without harm to the suite and with
the message or event that says what happened; bad arguments and shadowed packages, clear errors."""

from __future__ import annotations

import inspect
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from backprop_spec.properties.target.loading import Loaded, TargetUnusable, load
from tests.helpers import ROOT
from tests.selftest.learners.catalogue import BY_NAME, HERE

LEARNERS = ROOT / HERE
GUARD = 'if __name__ == "__main__":'
QUICK = 0.5  # import_timeout for tiny files that do not hang: the probe answers in ~0.1 s


@pytest.fixture(autouse=True)
def forget_targets(tmp_path: Path) -> Iterator[None]:
    """Take the targets' folders off sys.path and their modules out of sys.modules afterwards, so
    that no test (nor the rest of the session) sees another's files."""
    path, modules = list(sys.path), set(sys.modules)
    yield
    sys.path[:] = path
    for name in set(sys.modules) - modules:
        file = getattr(sys.modules[name], "__file__", None) or ""
        if name.startswith("backprop_target_") or file.startswith((str(tmp_path), str(LEARNERS))):
            del sys.modules[name]


def _write(folder: Path, name: str, source: str) -> str:
    (folder / name).write_text(source, encoding="utf-8")
    return str(folder / name)


def _classes(loaded: Loaded, learner: str) -> list[str]:
    """The classes the catalogue declares for a corpus target that the loaded module lacks."""
    entry = BY_NAME[learner]
    return [name for name in (*entry.role_map.values(), *entry.others)
            if not inspect.isclass(getattr(loaded.module, name, None))]


def test_nnfs_init_stand_in_is_undone_and_reported() -> None:
    own = (np.dot, np.zeros, np.random.randn)
    loaded = load(str(LEARNERS / "nnfs_standin.py"), import_timeout=5)
    assert all(now is before for now, before in zip((np.dot, np.zeros, np.random.randn), own))
    assert loaded.how == "imported" and _classes(loaded, "nnfs_standin") == []
    [event] = loaded.events
    assert "replaced numpy.dot, numpy.zeros, numpy.random.randn at import" in event
    assert "nnfs.init()" in event and "plain NumPy" in event
    layer = loaded.module.Layer_Dense(2, 3)
    layer.forward(np.ones((4, 2)))
    assert layer.output.dtype == np.float64  # the patched np.dot would have returned float32


def test_a_training_loop_at_import_is_stopped_and_its_definitions_loaded() -> None:
    loaded = load(str(LEARNERS / "unguarded_loop.py"), import_timeout=1)
    assert loaded.how == "definitions only" and _classes(loaded, "unguarded_loop") == []
    assert loaded.module.EPOCHS == 10001  # a constant is kept
    assert not hasattr(loaded.module, "dense1")  # the training statements are dropped
    [event] = loaded.events
    assert "unguarded_loop.py was still running after 1 s at import (at unguarded_loop.py:" in event
    assert f"put the training code under `{GUARD}`" in event


def test_a_missing_package_names_it_and_the_install_command() -> None:
    with pytest.raises(TargetUnusable) as caught:
        load(str(LEARNERS / "missing_package.py"), import_timeout=5)
    message = str(caught.value)
    assert message.startswith("missing_package.py:5 imports nnfs, which is not installed in this Python")
    assert sys.executable in message and "pip install nnfs" in message and GUARD in message


def test_a_two_file_target_imports_its_sibling() -> None:
    loaded = load(str(LEARNERS / "two_files" / "layers.py"), import_timeout=5)
    assert loaded.how == "imported" and _classes(loaded, "two_files") == []
    relu = loaded.module.Activation_ReLU
    assert Path(inspect.getfile(relu)) == LEARNERS / "two_files" / "activations.py"
    assert loaded.module.__name__ == "backprop_target_layers" and sys.modules["backprop_target_layers"]


def test_a_notebook_runs_its_code_cells_without_magics() -> None:
    loaded = load(str(LEARNERS / "notebook.ipynb"), import_timeout=10)
    assert loaded.how == "notebook code cells" and _classes(loaded, "notebook") == []
    [event] = loaded.events
    assert "cell 2: !pip install nnfs" in event and "cell 2: %matplotlib inline" in event
    dense = loaded.module.Layer_Dense
    assert dense.forward.__code__.co_filename == "notebook.ipynb, cell 3"
    assert "self.weights = 0.01 * np.random.randn" in inspect.getsource(dense.__init__)


def test_notebook_cell_magics_drop_the_cell_and_errors_name_the_cell(tmp_path: Path) -> None:
    cells = [{"cell_type": "markdown", "source": "# notes"},
             {"cell_type": "code", "source": ["%%time\n", "raise SystemExit('never run')\n"]},
             {"cell_type": "code", "source": ["for i in range(2):\n", "    !echo $i\n", "class A:\n",
                                              "    pass\n"]},
             {"cell_type": "code", "source": "def broken(:\n"}]
    path = tmp_path / "work.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))
    with pytest.raises(TargetUnusable, match=r"^work\.ipynb, cell 4, line 1 has a syntax error"):
        load(str(path), import_timeout=QUICK)
    cells.pop()
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}))
    loaded = load(str(path), import_timeout=QUICK)
    assert loaded.how == "notebook code cells" and inspect.isclass(loaded.module.A)
    assert loaded.events == ("left out work.ipynb's IPython magic and shell lines: cell 2: %%time (the "
                             "whole cell); cell 3: !echo $i",)


@pytest.mark.parametrize("document, problem", [
    ("{not json", "not UTF-8 JSON"), ('{"nbformat": 3, "cells": []}', "nbformat 4"),
    ('{"nbformat": 4, "cells": [{"cell_type": "markdown", "source": "x"}]}', "has no code cells")])
def test_a_file_that_is_no_notebook_says_so(tmp_path: Path, document: str, problem: str) -> None:
    with pytest.raises(TargetUnusable, match=problem):
        load(_write(tmp_path, "odd.ipynb", document), import_timeout=QUICK)


def test_a_syntax_error_names_the_file_line_and_text(tmp_path: Path) -> None:
    with pytest.raises(TargetUnusable) as caught:
        load(_write(tmp_path, "broken.py", "import numpy as np\n\ndef f(:\n    pass\n"), import_timeout=QUICK)
    assert str(caught.value) == "broken.py:3 has a syntax error (invalid syntax): def f(:: fix that line"


def test_a_syntax_error_in_a_sibling_names_the_sibling(tmp_path: Path) -> None:
    _write(tmp_path, "helper.py", "value = 1\nclass B(:\n    pass\n")
    with pytest.raises(TargetUnusable, match=r"^helper\.py:2 has a syntax error"):
        load(_write(tmp_path, "main.py", "from helper import value\n"), import_timeout=QUICK)


def test_sys_exit_at_import_loads_the_definitions(tmp_path: Path) -> None:
    loaded = load(_write(tmp_path, "exits.py", "import sys\n\nclass A:\n    pass\n\nsys.exit(3)\n"),
                  import_timeout=QUICK)
    assert loaded.how == "definitions only" and inspect.isclass(loaded.module.A)
    assert loaded.events[0].startswith("exits.py:6 called sys.exit(3) at import, so only its imports, "
                                       "definitions and constants were loaded")
    assert f"put that call under `{GUARD}`" in loaded.events[0]


def test_numpy_error_and_print_settings_are_restored(tmp_path: Path) -> None:
    errors, printing = np.geterr(), np.get_printoptions()
    loaded = load(_write(tmp_path, "strict.py", "import numpy as np\nnp.seterr(all='raise')\n"
                                                "np.set_printoptions(precision=3)\n"), import_timeout=QUICK)
    assert np.geterr() == errors and np.get_printoptions() == printing
    assert loaded.events == (
        "called np.seterr(divide='raise', over='raise', under='raise', invalid='raise') at import; "
        "restored NumPy's error state",
        "called np.set_printoptions(precision=3) at import; restored NumPy's print options")


def test_an_exception_at_import_names_both_lines_and_skips_what_needs_dropped_names(tmp_path: Path) -> None:
    source = ("def settings():\n    return {}['rate']\n\nRATE = settings()\nALIAS = RATE\n"
              "class A:\n    pass\n")
    loaded = load(_write(tmp_path, "boom.py", source), import_timeout=QUICK)
    assert loaded.how == "definitions only" and inspect.isclass(loaded.module.A)
    assert loaded.events[0].startswith("boom.py:2 raised KeyError: 'rate' at import (called from boom.py:4)")
    assert loaded.events[1] == ("boom.py:5 raised NameError: name 'RATE' is not defined while only the "
                                "definitions were loaded; skipped it")


def test_an_import_stuck_in_c_is_killed_with_the_probe(tmp_path: Path) -> None:
    loaded = load(_write(tmp_path, "sleeper.py", "import time\nclass A:\n    pass\ntime.sleep(60)\n"),
                  import_timeout=QUICK)
    assert loaded.how == "definitions only" and inspect.isclass(loaded.module.A)
    assert loaded.events[0].startswith("sleeper.py was still running after 0.5 s at import, so only")


def test_an_import_that_hangs_only_in_the_suite_is_stopped_here_too(tmp_path: Path) -> None:
    source = "import sys\nclass A:\n    pass\nwhile 'pytest' in sys.modules:\n    pass\n"
    loaded = load(_write(tmp_path, "here.py", source), import_timeout=QUICK)
    assert loaded.how == "definitions only" and inspect.isclass(loaded.module.A)
    assert loaded.events[0].startswith("here.py was still running after 0.5 s at import (at here.py:4)")


def test_a_process_ended_at_import_loads_the_definitions(tmp_path: Path) -> None:
    loaded = load(_write(tmp_path, "quits.py", "import os\nclass A:\n    pass\nos._exit(7)\n"),
                  import_timeout=QUICK)
    assert loaded.how == "definitions only" and inspect.isclass(loaded.module.A)
    assert loaded.events[0].startswith("quits.py ended its Python process (exit code 7) before the import")


def test_a_missing_sibling_or_a_renamed_package_gets_a_hint(tmp_path: Path) -> None:
    with pytest.raises(TargetUnusable) as caught:
        load(_write(tmp_path, "main.py", "import numpy\nfrom activations import ReLU\n"),
             import_timeout=QUICK)
    assert "main.py:2 imports activations" in str(caught.value)
    assert "pip install activations (or, if activations is one of your own files, put activations.py " \
           "next to main.py)" in str(caught.value)
    with pytest.raises(TargetUnusable, match=r"pip install scikit-learn$"):
        load(_write(tmp_path, "learn.py", "import sklearn.datasets\n"), import_timeout=QUICK)


def test_a_dotted_module_name_is_imported() -> None:
    loaded = load("tests.selftest.learners.chapter9", import_timeout=5)
    assert loaded.path is None and loaded.how == "imported" and loaded.events == ()
    assert _classes(loaded, "chapter9") == []


@pytest.mark.parametrize("spec, message", [
    ("no_such_module_here", "'no_such_module_here': no module of that name can be imported here"),
    ("loose_folder", "'loose_folder' is a folder without an __init__.py, not a module: pass the .py file"),
    ("my layers", "'my layers' is neither the path of a .py file or .ipynb notebook nor a module name"),
])
def test_a_module_name_that_is_none_says_what_to_pass(spec: str, message: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "loose_folder").mkdir()
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(TargetUnusable, match=re.escape(message)):
        load(spec, import_timeout=QUICK)


@pytest.mark.parametrize("name, message", [
    ("layers.txt", "layers.txt is a .txt file; expected a .py file or a .ipynb notebook"),
    ("absent.py", "absent.py: no such file"),
    ("", "is a folder; pass the .py file (or .ipynb notebook) in it that defines your layers"),
])
def test_bad_paths_say_what_was_expected(tmp_path: Path, name: str, message: str) -> None:
    _write(tmp_path, "layers.txt", "x = 1\n")
    with pytest.raises(TargetUnusable, match=re.escape(message)):
        load(str(tmp_path / name), import_timeout=QUICK)


def test_a_time_limit_that_is_no_duration_is_refused() -> None:
    with pytest.raises(ValueError, match="import_timeout must be a positive number of seconds; got 0"):
        load(str(LEARNERS / "chapter9.py"), import_timeout=0)


def test_a_file_named_like_the_suite_s_package_beside_the_target_is_refused(tmp_path: Path) -> None:
    _write(tmp_path, "backprop_spec.py", "WHAT = 'my own notes'\n")
    with pytest.raises(TargetUnusable, match=r"backprop_spec\.py has the name of the suite's own package "
                       r"'backprop_spec'"):
        load(_write(tmp_path, "layers.py", "import backprop_spec\n"), import_timeout=QUICK)


@pytest.mark.parametrize("name", ["spec", "impl", "properties", "symbolic"])
def test_a_learner_s_module_named_like_a_suite_folder_is_the_learner_s(
        tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite installs one top-level name, backprop_spec: a learner's spec.py (or impl.py, …)
    beside the target is an ordinary sibling module, imported as theirs. (A clone's root is on
    sys.path in the suite's own runs, and pytest imports properties/verify/checks through the
    top-level folder name: the entry that leaves in sys.modules is not the installed layout's.)"""
    monkeypatch.delitem(sys.modules, name, raising=False)
    _write(tmp_path, f"{name}.py", "WHAT = 'my own notes'\n")
    loaded = load(_write(tmp_path, "layers.py", f"import {name}\nMINE = {name}.WHAT\n"), import_timeout=QUICK)
    assert loaded.module.MINE == "my own notes"
