"""The wheel installs one top-level name, backprop_spec, and every module of the repository's
parts beneath it: pip does not detect clashes between distributions' files, so any other
top-level name (spec, impl, properties, symbolic: each a project of its own on PyPI) would
overwrite another project's files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT

SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """A wheel built by setuptools' own build backend, as pip builds one, from a copy of the files
    it reads (so that its build/ and .egg-info land in the copy, not the clone)."""
    source, out = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("wheel")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in SETUPTOOLS["package-dir"].values():
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    code = f"from setuptools import build_meta; print(build_meta.build_wheel({str(out)!r}))"
    done = subprocess.run([sys.executable, "-c", code], cwd=source, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return zipfile.ZipFile(out / done.stdout.split()[-1])


def test_the_wheel_installs_one_top_level_name(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/")[0] for name in wheel.namelist() if ".dist-info/" not in name}
    assert tops == {"backprop_spec"}
    top_level = next(n for n in wheel.namelist() if n.endswith(".dist-info/top_level.txt"))
    assert wheel.read(top_level).decode().split() == ["backprop_spec"]


def _files(suffix: str) -> set[Path]:
    """Every file with this suffix in the parts' folders, as the path the installed package gives it."""
    found = set()
    for package, folder in SETUPTOOLS["package-dir"].items():
        for file in (ROOT / folder).rglob(f"*{suffix}"):
            if "__pycache__" not in file.parts:
                found.add(Path(*package.split(".")) / file.relative_to(ROOT / folder))
    return found


def test_every_module_of_the_parts_is_in_the_wheel(wheel: zipfile.ZipFile) -> None:
    """A part's module missing from the wheel would import from a clone and fail installed."""
    modules = {path.as_posix() for path in _files(".py")}
    assert modules and modules <= set(wheel.namelist()), sorted(modules - set(wheel.namelist()))


def test_every_package_folder_is_listed() -> None:
    """setuptools installs the packages pyproject.toml lists, each from its mapped folder: a new
    folder left off the list would be missing from the wheel."""
    folders = {".".join(path.parent.parts) for path in _files("__init__.py")}
    assert folders == set(SETUPTOOLS["packages"])
