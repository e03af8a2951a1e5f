"""The architecture flows one way — spec → symbolic → properties (numerics → inputs → target →
catalogue → verify) → tests — and impl/ depends on numpy alone: each module's imports, read
from its syntax tree, must keep to its layer's allowance. Only properties/verify/ (the pytest
binding) imports pytest. Nothing imports a part by its folder name (`import spec`): that would
load a second copy of it beside backprop_spec.spec."""

from __future__ import annotations

import ast
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import ROOT

PACKAGE_DIRS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
    "package-dir"]
STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}
PARTS = ("spec", "impl", "symbolic", "properties")
P = "backprop_spec.properties"


@dataclass(frozen=True)
class Layer:
    """Modules under `prefix` may import the standard library, these third-party packages and
    these of the suite's own packages (each with everything beneath it), and nothing else."""

    prefix: str
    third_party: frozenset[str]
    own: tuple[str, ...]


NUMERIC = frozenset({"numpy", "hypothesis"})
# the most specific prefix decides; a module's own package is always allowed
LAYERS = (
    Layer("backprop_spec.impl", frozenset({"numpy"}), ()),
    # mpmath ships with sympy: the figures' high-precision reference
    Layer("backprop_spec.spec", frozenset({"numpy", "sympy", "mpmath"}), ("backprop_spec.impl",)),
    Layer("backprop_spec.symbolic", frozenset({"numpy", "sympy"}), ("backprop_spec.spec",)),
    Layer(f"{P}.outcomes", frozenset(), ()),
    Layer(f"{P}.numerics", NUMERIC, ("backprop_spec.spec", "backprop_spec.symbolic")),
    Layer(f"{P}.inputs", NUMERIC, ("backprop_spec.spec", f"{P}.numerics", f"{P}.outcomes")),
    Layer(f"{P}.target", NUMERIC, ("backprop_spec.spec", f"{P}.numerics", f"{P}.inputs",
                                   f"{P}.outcomes")),
    Layer(f"{P}.catalogue", NUMERIC, ("backprop_spec.spec", "backprop_spec.symbolic", f"{P}.numerics",
                                      f"{P}.inputs", f"{P}.target", f"{P}.outcomes")),
    Layer(f"{P}.verify", NUMERIC | {"pytest", "sympy"},
          ("backprop_spec.__version__", "backprop_spec.spec", "backprop_spec.symbolic", P)),
    Layer(P, frozenset(), ()),  # properties/__init__.py
    # the package itself: its version, and the command's main on first use
    Layer("backprop_spec", frozenset(), (f"{P}.verify.cli",)),
)


def modules(package_dirs: dict[str, str], root: Path) -> dict[str, Path]:
    """Every module of the package, by its installed dotted name."""
    found = {}
    for package, folder in package_dirs.items():
        for file in (root / folder).rglob("*.py"):
            parts = file.relative_to(root / folder).with_suffix("").parts
            if "__pycache__" in parts:
                continue
            name = ".".join((package, *parts))
            found[name.removesuffix(".__init__")] = file
    return found


def imports(name: str, file: Path) -> set[str]:
    """The absolute names a module imports, anywhere in it (a lazy import is a dependency too)."""
    tree = ast.parse(file.read_text(encoding="utf-8"))
    package = name if file.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[:len(package.split(".")) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.update(f"{module}.{alias.name}" for alias in node.names)  # a name or a submodule
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(package_dirs: dict[str, str], root: Path) -> list[str]:
    """Each import that breaks its layer's allowance, as `module imports name (why)`."""
    found = []
    for name, file in sorted(modules(package_dirs, root).items()):
        layer = max((layer for layer in LAYERS if _within(name, layer.prefix)),
                    key=lambda candidate: len(candidate.prefix))
        for imported in sorted(imports(name, file)):
            top = imported.partition(".")[0]
            if top in STDLIB or _within(imported, layer.prefix):
                continue
            if top in PARTS:
                found.append(f"{name} imports {imported} (by folder name: use backprop_spec.{imported})")
            elif top != "backprop_spec":
                if top not in layer.third_party:
                    found.append(f"{name} imports {imported} (not allowed in {layer.prefix})")
            elif not any(_within(imported, own) for own in layer.own):
                found.append(f"{name} imports {imported} (not allowed in {layer.prefix})")
    return found


def test_every_module_keeps_to_its_layer() -> None:
    assert violations(PACKAGE_DIRS, ROOT) == []


def test_nothing_in_the_tests_imports_a_part_by_its_folder_name() -> None:
    """tests/ may import anything of the suite, but as backprop_spec.*: the clone's root is on
    sys.path in test runs, where `import impl` would load a second impl beside backprop_spec.impl."""
    bare = [f"{file.relative_to(ROOT)} imports {imported}"
            for file in sorted((ROOT / "tests").rglob("*.py"))
            for imported in sorted(imports("tests._", file)) if imported.partition(".")[0] in PARTS]
    assert bare == []


def test_the_layering_check_catches_planted_violations(tmp_path: Path) -> None:
    """The check itself, on a planted tree: numerics importing the target model, the target
    importing pytest, impl importing scipy and spec by its folder name; and a clean module passes."""
    planted = {
        "impl/__init__.py": "import numpy\n",
        "impl/fast.py": "import scipy.special\nfrom spec import operations\n",
        "properties/__init__.py": "",
        "properties/numerics/__init__.py": "",
        "properties/numerics/compare.py": "from backprop_spec.properties.target.model import Target\n",
        "properties/target/__init__.py": "",
        "properties/target/model.py": "import pytest\nfrom ..numerics import compare\n",
        "properties/target/adapter.py": "from backprop_spec.properties import numerics\n",
    }
    for path, text in planted.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    dirs = {"backprop_spec.impl": "impl", "backprop_spec.properties": "properties"}
    assert violations(dirs, tmp_path) == [
        "backprop_spec.impl.fast imports scipy.special (not allowed in backprop_spec.impl)",
        "backprop_spec.impl.fast imports spec.operations (by folder name: use backprop_spec.spec.operations)",
        "backprop_spec.properties.numerics.compare imports backprop_spec.properties.target.model.Target "
        "(not allowed in backprop_spec.properties.numerics)",
        "backprop_spec.properties.target.model imports pytest (not allowed in "
        "backprop_spec.properties.target)",
    ]


@pytest.mark.parametrize("name", ["backprop_spec.impl", "backprop_spec.properties.numerics.compare"])
def test_the_modules_are_read_under_their_installed_names(name: str) -> None:
    """The check reads every part, named as the wheel installs it (no module escapes it)."""
    assert name in modules(PACKAGE_DIRS, ROOT)
