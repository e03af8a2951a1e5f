"""The target loader (properties/target/loading.py): the learner corpus's hazardous files (nnfs.init()'s
patches, a training loop at import, missing packages, sibling files, a notebook) and tiny files
that exit, raise, crash, hang in C or break the syntax, loaded without harm to the suite and with
the message or event that says what happened; imports of packages the suite's Python lacks bound
to stand-ins that fail only where used (properties/target/standins.py); bad arguments, missing
sibling files and shadowed packages, clear errors."""

from __future__ import annotations

import copy
import inspect
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from backprop_spec.properties.target.loading import Loaded, TargetUnusable, load
from backprop_spec.properties.target.standins import MissingPackage, StandIn
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


def test_a_missing_package_is_stood_in_and_the_definitions_loaded() -> None:
    loaded = load(str(LEARNERS / "missing_package.py"), import_timeout=5)
    assert loaded.how == "definitions only" and _classes(loaded, "missing_package") == []
    assert loaded.events == (
        "missing_package.py:7 imports nnfs, which is not installed here, so only its imports, definitions "
        "and constants were loaded (its other top-level statements were dropped)",
        "imports skipped (not installed here): nnfs — classes that use them fail with the install command: "
        "pipx inject backprop-spec nnfs (or pip install nnfs in this Python)")
    assert isinstance(loaded.module.nnfs, StandIn) and isinstance(loaded.module.spiral_data, StandIn)
    assert not hasattr(loaded.module, "X")  # spiral_data(…) at the top level is no definition


def test_a_chapter_file_importing_nnfs_and_matplotlib_is_judged_on_its_classes() -> None:
    loaded = load(str(LEARNERS / "chapter16_imports.py"), import_timeout=5)
    assert loaded.how == "definitions only" and _classes(loaded, "chapter16_imports") == []
    assert loaded.events[1] == (
        "imports skipped (not installed here): nnfs, matplotlib — classes that use them fail with the "
        "install command: pipx inject backprop-spec nnfs matplotlib (or pip install nnfs matplotlib in "
        "this Python)")
    module = loaded.module
    assert {name for name, value in vars(module).items() if isinstance(value, StandIn)} \
        == {"nnfs", "spiral_data", "plt"}
    assert not {"X", "y", "dense1"} & set(vars(module))  # nnfs.init() and the rest never ran
    dense, relu = module.Layer_Dense(2, 3), module.Activation_ReLU()
    dense.forward(np.array([[1.0, -2.0], [0.5, 3.0]]))
    relu.forward(dense.output)
    relu.backward(np.ones((2, 3)))
    dense.backward(relu.dinputs)
    assert dense.dweights.shape == (2, 3) and dense.dinputs.shape == (2, 2)
    with pytest.raises(MissingPackage) as caught:
        module.Training_Plot().plot(np.zeros((2, 2)), np.zeros(2))
    assert str(caught.value).startswith("matplotlib is not installed where backprop-spec runs: "
                                        "Training_Plot.plot calls matplotlib.pyplot.scatter(); install it "
                                        "with: pipx inject backprop-spec matplotlib")


NEEDS_NNFS = """import numpy as np, nnfs
from sklearn.datasets import make_moons as moons
import matplotlib.pyplot
SCALE = nnfs.datasets.scale

class Noisy:
    def forward(self, inputs):
        self.output = inputs + nnfs.random.randn(*inputs.shape)

    def backward(self, dvalues):
        self.dinputs = dvalues * SCALE

class Plain:
    def forward(self, inputs):
        self.output = np.tanh(inputs)

class Module(nnfs.Module):
    pass
"""


def test_a_stand_in_is_inert_until_used_and_then_names_the_package_and_its_install(tmp_path: Path) -> None:
    path = _write(tmp_path, "noisy.py", NEEDS_NNFS)
    loaded = load(path, import_timeout=QUICK)
    module = loaded.module
    assert loaded.how == "definitions only" and module.np is np and inspect.isclass(module.Plain)
    assert loaded.events[1].startswith("imports skipped (not installed here): nnfs, sklearn, matplotlib — ")
    assert "pipx inject backprop-spec nnfs scikit-learn matplotlib" in loaded.events[1]
    assert loaded.events[2].startswith("noisy.py:17 raised MissingPackage: nnfs is not installed where "
                                       "backprop-spec runs: noisy.py:17 subclasses nnfs.Module;")
    assert loaded.events[2].endswith("while only the definitions were loaded; skipped it")
    # looked up, copied, printed, asked whether it is a class: nothing raises
    chain = module.nnfs.datasets.spiral_data
    assert repr(chain) == "<nnfs.datasets.spiral_data: a stand-in, nnfs is not installed here>"
    assert copy.deepcopy(module.nnfs) is module.nnfs and not inspect.isclass(module.moons)
    assert isinstance(module.SCALE, StandIn) and callable(chain) and not hasattr(module, "Module")
    plain, noisy = module.Plain(), module.Noisy()
    plain.forward(np.zeros(2))
    assert plain.output.tolist() == [0.0, 0.0]
    with pytest.raises(MissingPackage) as caught:
        noisy.forward(np.ones((2, 2)))
    assert str(caught.value) == ("nnfs is not installed where backprop-spec runs: Noisy.forward calls "
                                 "nnfs.random.randn(); install it with: pipx inject backprop-spec nnfs (or "
                                 "pip install nnfs in this Python)")
    assert isinstance(caught.value, ModuleNotFoundError) and caught.value.name == "nnfs"
    # raised inside the stand-in, called from the learner's line 8
    assert any(entry.path == Path(path) and entry.lineno + 1 == 8 for entry in caught.traceback)
    uses: list[tuple[Callable[[], object], str]] = [
        (lambda: noisy.backward(np.ones(2)), "Noisy.backward passes nnfs.datasets.scale to numpy.multiply"),
        (lambda: 2 * module.SCALE, "computes with nnfs.datasets.scale"),
        (lambda: chain(100, 3), "calls nnfs.datasets.spiral_data()"),
        (lambda: list(module.moons), "iterates over sklearn.datasets.make_moons"),
        (lambda: np.ones(2) * module.moons, "passes sklearn.datasets.make_moons to numpy.multiply"),
        (lambda: bool(module.matplotlib.pyplot), "tests the truth of matplotlib.pyplot"),
    ]
    for use, says in uses:
        with pytest.raises(MissingPackage, match=re.escape(says)):
            use()
    with pytest.raises(MissingPackage, match=r"install it with: pipx inject backprop-spec scikit-learn "
                                             r"\(or pip install scikit-learn in this Python\)$"):
        module.moons(n_samples=10)


def test_loading_leaves_the_learner_s_folder_as_it_was(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """No file beside the target is written, changed or removed: no __pycache__ for the sibling
    it imports (even where Python would write bytecode), nothing its dropped statements would do."""
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    _write(tmp_path, "helpers.py", "def scale(x):\n    return 2 * x\n")
    path = _write(tmp_path, "layers.py", "from helpers import scale\nimport nnfs\n"
                  "import matplotlib.pyplot as plt\n\nnnfs.init()\n\nclass A:\n    pass\n\n"
                  "open('written.txt', 'w').write('x')\nplt.savefig('figure.png')\n")
    before = {entry: (entry.stat().st_mtime_ns, entry.is_file() and entry.read_bytes())
              for entry in tmp_path.rglob("*")}
    loaded = load(path, import_timeout=QUICK)
    assert loaded.how == "definitions only" and inspect.isclass(loaded.module.A)
    assert loaded.module.scale(2) == 4 and sys.dont_write_bytecode is False
    after = {entry: (entry.stat().st_mtime_ns, entry.is_file() and entry.read_bytes())
             for entry in tmp_path.rglob("*")}
    assert after == before


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


def test_a_missing_sibling_file_gets_a_hint_and_is_not_stood_in(tmp_path: Path) -> None:
    """A class imported from a plain module that is nowhere is the learner's file, not a package:
    unusable, as is a module of the learner's kept where Python does not look (a notebook beside
    the target, a file one folder down), even when the file also imports a missing package."""
    with pytest.raises(TargetUnusable) as caught:
        load(_write(tmp_path, "main.py", "import numpy\nimport nnfs\nfrom activations import ReLU\n"),
             import_timeout=QUICK)
    assert str(caught.value).startswith("main.py:3 imports activations, which is not installed in this "
                                        "Python")
    assert "pip install activations (or, if activations is one of your own files, put activations.py " \
           "next to main.py)" in str(caught.value)
    (tmp_path / "src").mkdir()
    _write(tmp_path / "src", "losses.py", "class Loss:\n    pass\n")
    _write(tmp_path, "layers.ipynb", "{}")
    for source, module in (("import losses\n", "losses"), ("from layers import dense\n", "layers")):
        with pytest.raises(TargetUnusable, match=rf"^net\.py:1 imports {module}, which is not installed"):
            load(_write(tmp_path, "net.py", source), import_timeout=QUICK)


def test_a_package_of_unknown_name_is_stood_in_with_a_hint_in_case_it_is_a_file(tmp_path: Path) -> None:
    loaded = load(_write(tmp_path, "main.py", "import helpers_lib\nfrom tools.extra import smooth\n"
                         "class A:\n    pass\n"), import_timeout=QUICK)
    assert loaded.how == "definitions only" and inspect.isclass(loaded.module.A)
    assert loaded.events[1] == (
        "imports skipped (not installed here): helpers_lib, tools — classes that use them fail with the "
        "install command: pipx inject backprop-spec helpers_lib tools (or pip install helpers_lib tools in "
        "this Python); if helpers_lib is one of your own files, put helpers_lib.py next to main.py; if "
        "tools is one of your own files, put tools.py next to main.py")


@pytest.mark.parametrize("source, message", [
    ("import nnfs\n\ndef f(:\n    pass\n", r"^broken\.py:3 has a syntax error \(invalid syntax\)"),
    ("import nnfs\nfrom . import sibling\n", r"^broken\.py:1 imports nnfs, which is not installed here, and "
     r"loading only its imports, definitions and constants failed too: broken\.py:2 raised ImportError: "
     r"attempted relative import"),
])
def test_bad_input_beside_a_missing_package_stays_unusable(tmp_path: Path, source: str, message: str) -> None:
    with pytest.raises(TargetUnusable, match=message):
        load(_write(tmp_path, "broken.py", source), import_timeout=QUICK)


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
